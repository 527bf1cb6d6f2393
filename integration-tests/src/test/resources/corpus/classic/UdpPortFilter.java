package corpus.classic;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * An XDP filter dropping UDP to one destination port, configured in slot 0 of an ARRAY map (port 0
 * or no config: drop nothing), counting the drops (packets and bytes) in a PERCPU_ARRAY with plain
 * increments, since each CPU has its own copy. IPv4 only, with the header length from IHL; a frame
 * that ends before a field the filter reads is aborted (0), as a Java packet read past the end
 * ends the program with 0. The C version is c/classic/udp_port_filter.c.
 */
@License("GPL")
public final class UdpPortFilter {
  static final int ETH_HLEN = 14;
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_UDP = 17;

  @Struct
  public static final class Config {
    public int port;
  }

  @Struct
  public static final class Drops {
    public long packets;
    public long bytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Config> config;

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 1)
  static BpfMap<Integer, Drops> drops;

  @Section("xdp")
  public static int udpFilter(XdpMd ctx) {
    if (ctx.loadHalf(12) != ETH_P_IP) {
      return Xdp.PASS;
    }
    if (ctx.loadByte(ETH_HLEN + 9) != IPPROTO_UDP) {
      return Xdp.PASS;
    }
    int ihl = (ctx.loadByte(ETH_HLEN) & 0xf) << 2;
    int dport = ctx.loadHalf(ETH_HLEN + ihl + 2);
    Config c = config.lookup(0);
    if (c == null || c.port == 0 || dport != c.port) {
      return Xdp.PASS;
    }
    Drops d = drops.lookup(0);
    if (d != null) {
      d.packets++;
      d.bytes += ctx.length();
    }
    return Xdp.DROP;
  }

  private UdpPortFilter() {}
}
