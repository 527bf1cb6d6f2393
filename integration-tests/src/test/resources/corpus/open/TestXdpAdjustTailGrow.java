package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's selftest tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_grow.c
 * (GPL-2.0, c/public/test_xdp_adjust_tail_grow.c next to it): grows the frame's tail by an amount
 * chosen by its length (54: 4096, too much; 74: 40; 64: 128; 128: 3520) and returns XDP_TX,
 * XDP_DROP when bpf_xdp_adjust_tail refuses, XDP_ABORTED for any other length. Written against
 * the selftest's C, not tuned to the compiler.
 */
@License("GPL")
public final class TestXdpAdjustTailGrow {
  @Section("xdp")
  public static int xdpAdjustTailGrow(XdpMd xdp) {
    int offset;
    // Data length determine test case
    int dataLen = xdp.length();
    if (dataLen == 54) { // sizeof(pkt_v4)
      offset = 4096; // test too large offset
    } else if (dataLen == 74) { // sizeof(pkt_v6)
      offset = 40;
    } else if (dataLen == 64) {
      offset = 128;
    } else if (dataLen == 128) {
      offset = 4096 - 256 - 320 - dataLen; // Max tail grow 3520
    } else {
      return Xdp.ABORTED; // No matching test
    }
    if (xdp.adjustTail(offset) != 0) {
      return Xdp.DROP;
    }
    return Xdp.TX;
  }

  private TestXdpAdjustTailGrow() {}
}
