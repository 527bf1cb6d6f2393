package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * Records what each program type sees of a test-run packet: one ARRAY slot per program type, with
 * the context fields as the kernel stores them.
 */
@License("GPL")
public final class ContextView {
  static final int SOCKET = 0;
  static final int TC = 1;
  static final int TCX = 2;
  static final int CGROUP = 3;
  static final int XDP = 4;

  @Struct
  public static final class View {
    public int len;
    public int protocol;
    public int pktType;
    public int ifindex;
    public int ingressIfindex;
    public int mark;
    public int priority;
    public int queueMapping;
    public int rxQueueIndex;
    public int runs;
  }

  @Map(type = MapType.ARRAY, maxEntries = 5)
  static BpfMap<Integer, View> views;

  @Section("socket")
  public static int socketView(SkBuff skb) {
    record(SOCKET, skb);
    return skb.len();
  }

  @Section("tc")
  public static int tcView(SkBuff skb) {
    record(TC, skb);
    return Tc.ACT_OK;
  }

  @Section("tcx/ingress")
  public static int tcxView(SkBuff skb) {
    record(TCX, skb);
    return Tc.TCX_PASS;
  }

  @Section("cgroup_skb/ingress")
  public static int cgroupView(SkBuff skb) {
    record(CGROUP, skb);
    return 1;
  }

  @Section("xdp")
  public static int xdpView(XdpMd ctx) {
    View v = views.lookup(XDP);
    if (v == null) {
      return Xdp.ABORTED;
    }
    v.ingressIfindex = ctx.ingressIfindex();
    v.rxQueueIndex = ctx.rxQueueIndex();
    v.runs = v.runs + 1;
    return Xdp.PASS;
  }

  static void record(int slot, SkBuff skb) {
    View v = views.lookup(slot);
    if (v != null) {
      v.len = skb.len();
      v.protocol = skb.protocol();
      v.pktType = skb.pktType();
      v.ifindex = skb.ifindex();
      v.ingressIfindex = skb.ingressIfindex();
      v.mark = skb.mark();
      v.priority = skb.priority();
      v.queueMapping = skb.queueMapping();
      v.runs = v.runs + 1;
    }
  }

  private ContextView() {}
}
