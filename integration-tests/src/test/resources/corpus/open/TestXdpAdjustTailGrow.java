package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's selftest tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_grow.c
 * (GPL-2.0; our C twin is c/public/test_xdp_adjust_tail_grow.c): grows the frame's tail by an
 * amount chosen by its length (54: 4096, too much; 74: 40; 64: 128; 128: 3520) and returns
 * XDP_TX, XDP_DROP when bpf_xdp_adjust_tail refuses, XDP_ABORTED for any other length. Written
 * against the selftest's C, not tuned to the compiler.
 */
@License("GPL")
public final class TestXdpAdjustTailGrow {
  @Section("xdp")
  public static int xdpAdjustTailGrow(XdpMd xdp) {
    int offset;
    // the frame's length says which case of the selftest this run is
    int dataLen = xdp.length();
    if (dataLen == 54) { // the selftest's IPv4 test packet
      offset = 4096; // more than a page: the helper must refuse
    } else if (dataLen == 74) { // the selftest's IPv6 test packet
      offset = 40;
    } else if (dataLen == 64) {
      offset = 128;
    } else if (dataLen == 128) {
      // the most the tail can grow in a 4 KiB page: headroom (256) and the room kept for
      // skb_shared_info (320) are not the frame's; 3520 bytes here
      offset = 4096 - 256 - 320 - dataLen;
    } else {
      return Xdp.ABORTED; // a length the selftest has no case for
    }
    if (xdp.adjustTail(offset) != 0) {
      return Xdp.DROP;
    }
    return Xdp.TX;
  }

  private TestXdpAdjustTailGrow() {}
}
