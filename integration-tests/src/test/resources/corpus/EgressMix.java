package corpus;

import io.bpf4j.annotations.Helper;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * Egress hooks (tcx/egress and cgroup_skb/egress) with a stack int array indexed at run time,
 * packet reads of every width, per-CPU hash maps and a helper called through @Helper.
 */
@License("GPL")
public final class EgressMix {
  /** What the tcx program saw of the last frame. */
  @Struct
  public static final class Seen {
    public int etherType;
    public int srcAddr;
    public int headerSum;
    public int picked;
    public int random;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Seen> seen;

  @Map(type = MapType.PERCPU_HASH, maxEntries = 16)
  static BpfMap<Integer, Long> bytesByType;

  @Map(type = MapType.LRU_PERCPU_HASH, maxEntries = 16)
  static BpfMap<Integer, Long> packetsByType;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> cgroupBytes;

  /** bpf_get_prandom_u32, called by number. */
  @Helper(id = 7)
  static native int prandom();

  @Section("tcx/egress")
  public static int egress(SkBuff skb) {
    int[] header = new int[8];
    for (int i = 0; i < 8; i++) {
      header[i] = skb.loadByte(14 + i);
    }
    int sum = 0;
    for (int i = 0; i < header.length; i++) {
      sum += header[i] << (i & 3);
    }
    Seen s = seen.lookup(0);
    if (s == null) {
      return Tc.TCX_NEXT;
    }
    s.etherType = skb.loadHalf(12);
    s.srcAddr = skb.loadWord(26);
    s.headerSum = sum;
    s.picked = header[skb.len() & 7];
    s.random = prandom() & 0xff;
    int type = s.etherType;
    Long bytes = bytesByType.lookup(type);
    bytesByType.update(type, (bytes == null ? 0 : bytes) + skb.len(), BpfMap.ANY);
    Long packets = packetsByType.lookup(type);
    packetsByType.update(type, (packets == null ? 0 : packets) + 1, BpfMap.ANY);
    return Tc.TCX_NEXT;
  }

  @Section("cgroup_skb/egress")
  public static int cgroupEgress(SkBuff skb) {
    Long total = cgroupBytes.lookup(0);
    if (total != null) {
      cgroupBytes.update(0, total + skb.len(), BpfMap.ANY);
    }
    return 1;
  }

  private EgressMix() {}
}
