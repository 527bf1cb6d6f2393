/* Our C twin of corpus/open/TestXdpAdjustTailGrow.java, a Java port of the logic of
 * tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_grow.c (GPL-2.0); written for bpf4j, not
 * copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_xdp_adjust_tail_grow.c */
#include "public_defs.h"

/* The frame length picks the case: the selftest's IPv4 and IPv6 test packets (54 and 74 bytes)
 * and two plain lengths. 0 means "no case for this length". */
static __always_inline int grow_for_length(int frame_len) {
  switch (frame_len) {
    case 54:
      return 4096; /* more than any page holds: the helper must refuse */
    case 74:
      return 40;
    case 64:
      return 128;
    case 128:
      /* the most a 4 KiB page lets the tail grow: minus headroom (256), minus the room the
       * kernel keeps for skb_shared_info (320), minus the frame itself */
      return 4096 - 256 - 320 - frame_len;
    default:
      return 0;
  }
}

SEC("xdp")
int _xdp_adjust_tail_grow(struct xdp_md *xdp) {
  int frame_len = (int)((long)xdp->data_end - (long)xdp->data);
  int grow = grow_for_length(frame_len);
  if (grow == 0) {
    return XDP_ABORTED;
  }
  /* a refusal leaves the frame as it was; the test reads it as XDP_DROP */
  return bpf_xdp_adjust_tail(xdp, grow) ? XDP_DROP : XDP_TX;
}

char _license[] SEC("license") = "GPL";
