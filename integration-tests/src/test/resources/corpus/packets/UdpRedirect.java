package corpus.packets;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * Sends IPv4 UDP datagrams to port {@value #PORT} out of another interface: in XDP through a
 * DEVMAP (key 0), in tc with bpf_redirect to the ifindex in {@code targets[0]}. Everything else
 * (ARP included) passes.
 */
@License("GPL")
public final class UdpRedirect {
  static final int PORT = 47200;

  @Map(type = MapType.DEVMAP, maxEntries = 1)
  static BpfMap<Integer, Integer> ports;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Integer> targets;

  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int viaDevmap(XdpMd ctx) {
    if (!isUdpToPort(ctx.loadHalf(12), ctx.loadByte(14), ctx.loadByte(23), ctx.loadHalf(36))) {
      return Xdp.PASS;
    }
    return ports.redirect(0, Xdp.PASS);
  }

  @Section("tc")
  public static int viaIfindex(SkBuff skb) {
    if (!isUdpToPort(skb.loadHalf(12), skb.loadByte(14), skb.loadByte(23), skb.loadHalf(36))) {
      return Tc.ACT_OK;
    }
    Integer target = targets.lookup(0);
    if (target == null || target == 0) {
      return Tc.ACT_OK;
    }
    return Bpf.redirect(target, 0);
  }

  private static boolean isUdpToPort(int etherType, int versionIhl, int proto, int dport) {
    return etherType == 0x0800 && versionIhl == 0x45 && proto == 17 && dport == PORT;
  }

  private UdpRedirect() {}
}
