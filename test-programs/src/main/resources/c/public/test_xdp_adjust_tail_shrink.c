/* Our C twin of corpus/open/TestXdpAdjustTailShrink.java, a Java port of the logic of
 * tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_shrink.c (GPL-2.0); written for bpf4j,
 * not copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_xdp_adjust_tail_shrink.c */
#include "public_defs.h"

/* The selftest's 54-byte IPv4 packet asks for more than it has, so that the helper's refusal is
 * exercised; every other frame loses 20 bytes. */
#define V4_TEST_PACKET_LEN 54
#define CUT_TOO_MUCH 256
#define CUT 20

SEC("xdp")
int _xdp_adjust_tail_shrink(struct xdp_md *xdp) {
  long frame_len = (long)xdp->data_end - (long)xdp->data;
  int cut = frame_len == V4_TEST_PACKET_LEN ? CUT_TOO_MUCH : CUT;
  if (bpf_xdp_adjust_tail(xdp, -cut) != 0) {
    return XDP_DROP;
  }
  return XDP_TX;
}

char _license[] SEC("license") = "GPL";
