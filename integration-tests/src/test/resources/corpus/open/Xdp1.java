package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's samples/bpf/xdp1_kern.c (GPL-2.0, our C twin c/public/xdp1_kern.c): up to
 * two VLAN tags skipped, then the IPv4 protocol or IPv6 next header (0 when the header does not
 * fit or the frame is neither) counted in a PERCPU_ARRAY of 256 longs; every frame is dropped,
 * including one shorter than a header the sample checks. Written against the sample's C, not tuned
 * to the compiler.
 */
@License("GPL")
public final class Xdp1 {
  static final int ETH_HLEN = 14;
  static final int VLAN_HLEN = 4;
  static final int IPV4_HLEN = 20;
  static final int IPV6_HLEN = 40;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;

  /** The sample's {@code long} value. */
  @Struct
  public static final class Count {
    public long value;
  }

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 256)
  static BpfMap<Integer, Count> rxcnt;

  static int parseIpv4(XdpMd ctx, int nhOff) {
    if (nhOff + IPV4_HLEN > ctx.length()) {
      return 0;
    }
    return ctx.loadByte(nhOff + 9);
  }

  static int parseIpv6(XdpMd ctx, int nhOff) {
    if (nhOff + IPV6_HLEN > ctx.length()) {
      return 0;
    }
    return ctx.loadByte(nhOff + 6);
  }

  static boolean isVlan(int proto) {
    return proto == ETH_P_8021Q || proto == ETH_P_8021AD;
  }

  @Section("xdp")
  public static int xdpProg1(XdpMd ctx) {
    int nhOff = ETH_HLEN;
    if (nhOff > ctx.length()) {
      return Xdp.DROP;
    }
    int hProto = ctx.loadHalf(12);
    if (isVlan(hProto)) {
      nhOff += VLAN_HLEN;
      if (nhOff > ctx.length()) {
        return Xdp.DROP;
      }
      hProto = ctx.loadHalf(nhOff - 2);
    }
    if (isVlan(hProto)) {
      nhOff += VLAN_HLEN;
      if (nhOff > ctx.length()) {
        return Xdp.DROP;
      }
      hProto = ctx.loadHalf(nhOff - 2);
    }
    int ipproto;
    if (hProto == ETH_P_IP) {
      ipproto = parseIpv4(ctx, nhOff);
    } else if (hProto == ETH_P_IPV6) {
      ipproto = parseIpv6(ctx, nhOff);
    } else {
      ipproto = 0;
    }
    Count value = rxcnt.lookup(ipproto);
    if (value != null) {
      value.value += 1;
    }
    return Xdp.DROP;
  }

  private Xdp1() {}
}
