package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's selftest tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_shrink.c
 * (GPL-2.0; our C twin is c/public/test_xdp_adjust_tail_shrink.c): cuts 20 bytes off the
 * frame's tail (256, too many, from a 54-byte frame) and returns XDP_TX, or XDP_DROP when
 * bpf_xdp_adjust_tail refuses. Written against the selftest's C, not tuned to the compiler.
 */
@License("GPL")
public final class TestXdpAdjustTailShrink {
  @Section("xdp")
  public static int xdpAdjustTailShrink(XdpMd xdp) {
    int offset;
    if (xdp.length() == 54) { // the selftest's IPv4 test packet
      offset = 256; // more than the frame has: the helper must refuse
    } else {
      offset = 20;
    }
    if (xdp.adjustTail(0 - offset) != 0) {
      return Xdp.DROP;
    }
    return Xdp.TX;
  }

  private TestXdpAdjustTailShrink() {}
}
