/* Origin: the Linux kernel, tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_grow.c
 * (GPL-2.0): grows the frame's tail by an amount chosen by its length (54: 4096, too much; 74: 40;
 * 64: 128; 128: up to the 3520 bytes a test run's buffer allows) and sends it back with XDP_TX;
 * XDP_DROP when bpf_xdp_adjust_tail refuses, XDP_ABORTED for any other length.
 * Adapted only where this build needs it: the definitions come from public_defs.h instead of
 * kernel and libbpf headers and the section is "xdp"; the rest is the selftest's. Its Java port is
 * corpus/open/TestXdpAdjustTailGrow.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_xdp_adjust_tail_grow.c */
#include "public_defs.h"

SEC("xdp")
int _xdp_adjust_tail_grow(struct xdp_md *xdp) {
  void *data_end = (void *)(long)xdp->data_end;
  void *data = (void *)(long)xdp->data;
  unsigned int data_len;
  int offset = 0;

  /* Data length determine test case */
  data_len = data_end - data;

  if (data_len == 54) { /* sizeof(pkt_v4) */
    offset = 4096;      /* test too large offset */
  } else if (data_len == 74) { /* sizeof(pkt_v6) */
    offset = 40;
  } else if (data_len == 64) {
    offset = 128;
  } else if (data_len == 128) {
    offset = 4096 - 256 - 320 - data_len; /* Max tail grow 3520 */
  } else {
    return XDP_ABORTED; /* No matching test */
  }

  if (bpf_xdp_adjust_tail(xdp, offset))
    return XDP_DROP;
  return XDP_TX;
}

char _license[] SEC("license") = "GPL";
