/* Origin: the Linux kernel, tools/testing/selftests/bpf/progs/test_xdp_adjust_tail_shrink.c
 * (Copyright (c) 2018 Facebook, GPL-2.0): cuts 20 bytes off the frame's tail (256, too many, from
 * a 54-byte frame) and sends it back with XDP_TX; XDP_DROP when bpf_xdp_adjust_tail refuses.
 * Adapted only where this build needs it: the definitions come from public_defs.h instead of
 * kernel and libbpf headers, the section is "xdp" and the obsolete "version" section is left
 * out; the rest is the selftest's. Its Java port is corpus/open/TestXdpAdjustTailShrink.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_xdp_adjust_tail_shrink.c */
#include "public_defs.h"

SEC("xdp")
int _xdp_adjust_tail_shrink(struct xdp_md *xdp) {
  void *data_end = (void *)(long)xdp->data_end;
  void *data = (void *)(long)xdp->data;
  int offset = 0;

  if (data_end - data == 54) /* sizeof(pkt_v4) */
    offset = 256;            /* shrink too much */
  else
    offset = 20;
  if (bpf_xdp_adjust_tail(xdp, 0 - offset))
    return XDP_DROP;
  return XDP_TX;
}

char _license[] SEC("license") = "GPL";
