/* Our C twin of corpus/open/Xdp1.java, a Java port of the logic of the kernel's
 * samples/bpf/xdp1_kern.c (GPL-2.0); written for bpf4j, not copied.
 *
 * Counts frames per transport protocol (IPv4 protocol or IPv6 next header; 0 when there is none
 * or its header is cut short) after at most two VLAN tags, and drops every frame. */
#include "public_defs.h"

/* Slot = protocol number, one counter per CPU, so no two CPUs write the same word. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, long);
  __uint(max_entries, 256);
} rxcnt SEC(".maps");

/* What an 802.1Q/802.1ad tag adds after the MAC addresses: its TCI, then the next EtherType. */
struct vlan_tag {
  __be16 tci;
  __be16 next_proto;
};

static __always_inline bool tagged(__be16 proto) {
  return proto == htons(ETH_P_8021Q) || proto == htons(ETH_P_8021AD);
}

/* The protocol field of the network header at pkt + off, or 0 if that header does not fit. */
static __always_inline __u32 ipv4_payload_proto(void *pkt, void *pkt_end, __u32 off) {
  struct iphdr *ip = pkt + off;

  if ((void *)(ip + 1) > pkt_end)
    return 0;
  return ip->protocol;
}

static __always_inline __u32 ipv6_payload_proto(void *pkt, void *pkt_end, __u32 off) {
  struct ipv6hdr *ip6 = pkt + off;

  if ((void *)(ip6 + 1) > pkt_end)
    return 0;
  return ip6->nexthdr;
}

SEC("xdp")
int xdpProg1(struct xdp_md *ctx) {
  void *pkt = (void *)(long)ctx->data;
  void *pkt_end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = pkt;
  __u32 off = sizeof(*eth);
  __be16 proto;
  __u32 l4;
  long *hits;

  if (pkt + off > pkt_end)
    return XDP_DROP;
  proto = eth->h_proto;

  /* An outer (802.1ad) and an inner (802.1Q) tag at most; a tag cut short drops the frame
   * uncounted. The loop is unrolled, so each round reads at a constant offset. */
#pragma unroll
  for (int depth = 0; depth < 2; depth++) {
    struct vlan_tag *tag = pkt + off;

    if (!tagged(proto))
      break;
    off += sizeof(*tag);
    if (pkt + off > pkt_end)
      return XDP_DROP;
    proto = tag->next_proto;
  }

  if (proto == htons(ETH_P_IP))
    l4 = ipv4_payload_proto(pkt, pkt_end, off);
  else if (proto == htons(ETH_P_IPV6))
    l4 = ipv6_payload_proto(pkt, pkt_end, off);
  else
    l4 = 0;

  hits = bpf_map_lookup_elem(&rxcnt, &l4);
  if (hits)
    *hits += 1;
  return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
