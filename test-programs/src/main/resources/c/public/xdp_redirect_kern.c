/* Origin: the Linux kernel, samples/bpf/xdp_redirect_kern.c (Copyright (c) 2016 John Fastabend,
 * GPL-2.0): counts every frame, swaps its MAC addresses and redirects it to the ifindex in
 * tx_port[0] (bpf_redirect); a frame shorter than Ethernet, or no tx_port entry, is dropped. The
 * file's xdp_redirect_dummy_prog (XDP_PASS, for the TX device) is kept too.
 * Adapted only where this build needs it: the maps are declared the libbpf way (BTF-defined, in
 * .maps), the definitions come from public_defs.h instead of kernel headers and the sections are
 * "xdp"; the rest is the sample's. Its Java port is corpus/open/XdpRedirect.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp_redirect_kern.c */
#include "public_defs.h"

static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)23;

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, int);
  __type(value, int);
  __uint(max_entries, 1);
} tx_port SEC(".maps");

/* Count RX packets, as XDP bpf_prog doesn't get direct TX-success
 * feedback.  Redirect TX errors can be caught via a tracepoint.
 */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, u32);
  __type(value, long);
  __uint(max_entries, 1);
} rxcnt SEC(".maps");

static void swap_src_dst_mac(void *data) {
  unsigned short *p = data;
  unsigned short dst[3];

  dst[0] = p[0];
  dst[1] = p[1];
  dst[2] = p[2];
  p[0] = p[3];
  p[1] = p[4];
  p[2] = p[5];
  p[3] = dst[0];
  p[4] = dst[1];
  p[5] = dst[2];
}

SEC("xdp")
int xdp_redirect_prog(struct xdp_md *ctx) {
  void *data_end = (void *)(long)ctx->data_end;
  void *data = (void *)(long)ctx->data;
  struct ethhdr *eth = data;
  int rc = XDP_DROP;
  int *ifindex, port = 0;
  long *value;
  u32 key = 0;
  u64 nh_off;

  nh_off = sizeof(*eth);
  if (data + nh_off > data_end)
    return rc;

  ifindex = bpf_map_lookup_elem(&tx_port, &port);
  if (!ifindex)
    return rc;

  value = bpf_map_lookup_elem(&rxcnt, &key);
  if (value)
    *value += 1;

  swap_src_dst_mac(data);
  return bpf_redirect(*ifindex, 0);
}

/* Redirect require an XDP bpf_prog loaded on the TX device */
SEC("xdp")
int xdp_redirect_dummy_prog(struct xdp_md *ctx) {
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
