package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's samples/bpf/xdp_redirect_kern.c (GPL-2.0, our C twin
 * c/public/xdp_redirect_kern.c): counts every frame in a PERCPU_ARRAY, swaps its MAC addresses
 * and redirects it to the ifindex in {@code tx_port[0]} (bpf_redirect); a frame shorter than
 * Ethernet, or no {@code tx_port} entry, is dropped; and the dummy program for the TX device
 * (XDP_PASS). Written against the sample's C, not tuned to the compiler.
 */
@License("GPL")
public final class XdpRedirect {
  static final int ETH_HLEN = 14;

  /** The sample's {@code long} value. */
  @Struct
  public static final class Count {
    public long value;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1, name = "tx_port")
  static BpfMap<Integer, Integer> txPort;

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 1)
  static BpfMap<Integer, Count> rxcnt;

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

  @Section("xdp")
  public static int xdpRedirectProg(XdpMd ctx) {
    int rc = Xdp.DROP;
    int nhOff = ETH_HLEN;
    if (nhOff > ctx.length()) {
      return rc;
    }
    Integer ifindex = txPort.lookup(0);
    if (ifindex == null) {
      return rc;
    }
    Count value = rxcnt.lookup(0);
    if (value != null) {
      value.value += 1;
    }
    swapSrcDstMac(ctx);
    return Bpf.redirect(ifindex, 0);
  }

  /** The device frames are redirected to needs an XDP program of its own: this one passes all. */
  @Section("xdp")
  public static int xdpRedirectDummyProg(XdpMd ctx) {
    return Xdp.PASS;
  }

  private XdpRedirect() {}
}
