/* Our C twin of corpus/open/XdpRedirect.java, a Java port of the logic of the kernel's
 * samples/bpf/xdp_redirect_kern.c (GPL-2.0); written for bpf4j, not copied.
 *
 * Every frame of at least an Ethernet header is counted, gets its MAC addresses swapped and is
 * redirected to the interface whose index user space put in tx_port[0]. */
#include "public_defs.h"

static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)23;

/* The egress interface index; slot 0 only. */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, int);
  __type(value, int);
  __uint(max_entries, 1);
} tx_port SEC(".maps");

/* Frames handled, one counter per CPU. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, long);
  __uint(max_entries, 1);
} rxcnt SEC(".maps");

/* Three 16-bit words each way, as the Java port does it. The caller has checked 14 bytes. */
static __always_inline void swap_macs(void *pkt) {
  __u16 *w = pkt;
  __u16 d0 = w[0], d1 = w[1], d2 = w[2];

  w[0] = w[3];
  w[1] = w[4];
  w[2] = w[5];
  w[3] = d0;
  w[4] = d1;
  w[5] = d2;
}

SEC("xdp")
int xdp_redirect_prog(struct xdp_md *ctx) {
  void *pkt = (void *)(long)ctx->data;
  void *pkt_end = (void *)(long)ctx->data_end;
  int slot = 0;
  int *egress;
  long *hits;

  if (pkt + ETH_HLEN > pkt_end)
    return XDP_DROP;
  egress = bpf_map_lookup_elem(&tx_port, &slot);
  if (!egress)
    return XDP_DROP;

  hits = bpf_map_lookup_elem(&rxcnt, &slot);
  if (hits)
    *hits += 1;

  swap_macs(pkt);
  return bpf_redirect(*egress, 0);
}

/* bpf_redirect to a device needs an XDP program attached on that device too: this one passes
 * everything. */
SEC("xdp")
int xdp_redirect_dummy_prog(struct xdp_md *ctx) {
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
