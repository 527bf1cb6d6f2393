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
 * A port of the kernel's samples/bpf/xdp2_kern.c (GPL-2.0, our C twin c/public/xdp2_kern.c):
 * xdp1's parse (up to two VLAN tags skipped, the IPv4 protocol or IPv6 next header counted in a
 * PERCPU_ARRAY of 256 longs, 0 when the header does not fit or the frame is neither), then a UDP
 * frame gets its source and destination MACs swapped and goes back out with XDP_TX; every other
 * frame is dropped. Written against the sample's C, not tuned to the compiler.
 */
@License("GPL")
public final class Xdp2 {
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
  static BpfMap<Integer, Count> dropcnt;

  /** The sample swaps the six 16-bit words of the two MAC addresses through a 3-word copy. */
  static void swapSrcDstMac(XdpMd ctx) {
    int dst0 = ctx.loadHalf(0);
    int dst1 = ctx.loadHalf(2);
    int dst2 = ctx.loadHalf(4);
    ctx.storeHalf(0, ctx.loadHalf(6));
    ctx.storeHalf(2, ctx.loadHalf(8));
    ctx.storeHalf(4, ctx.loadHalf(10));
    ctx.storeHalf(6, dst0);
    ctx.storeHalf(8, dst1);
    ctx.storeHalf(10, dst2);
  }

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

  @Section("xdp")
  public static int xdpProg1(XdpMd ctx) {
    int rc = Xdp.DROP;
    int nhOff = ETH_HLEN;
    if (nhOff > ctx.length()) {
      return rc;
    }
    int hProto = ctx.loadHalf(12);
    if (hProto == ETH_P_8021Q || hProto == ETH_P_8021AD) {
      nhOff += VLAN_HLEN;
      if (nhOff > ctx.length()) {
        return rc;
      }
      hProto = ctx.loadHalf(nhOff - 2);
    }
    if (hProto == ETH_P_8021Q || hProto == ETH_P_8021AD) {
      nhOff += VLAN_HLEN;
      if (nhOff > ctx.length()) {
        return rc;
      }
      hProto = ctx.loadHalf(nhOff - 2);
    }
    int index;
    if (hProto == ETH_P_IP) {
      index = parseIpv4(ctx, nhOff);
    } else if (hProto == ETH_P_IPV6) {
      index = parseIpv6(ctx, nhOff);
    } else {
      index = 0;
    }
    Count value = dropcnt.lookup(index);
    if (value != null) {
      value.value += 1;
    }
    if (index == 17) {
      swapSrcDstMac(ctx);
      rc = Xdp.TX;
    }
    return rc;
  }

  private Xdp2() {}
}
