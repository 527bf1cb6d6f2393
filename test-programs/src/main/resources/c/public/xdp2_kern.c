/* Our C twin of corpus/open/Xdp2.java, a Java port of the logic of the kernel's
 * samples/bpf/xdp2_kern.c (GPL-2.0); written for bpf4j, not copied.
 *
 * xdp1's count (per transport protocol, after at most two VLAN tags), then UDP frames are sent
 * back where they came from (MAC addresses swapped, XDP_TX) and all others dropped. */
#include "public_defs.h"

#define UDP_PROTO 17

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, long);
  __uint(max_entries, 256);
} dropcnt SEC(".maps");

struct vlan_tag {
  __be16 tci;
  __be16 next_proto;
};

static __always_inline bool tagged(__be16 proto) {
  return proto == htons(ETH_P_8021Q) || proto == htons(ETH_P_8021AD);
}

/* Destination and source MAC as three 16-bit words each, the way the Java port moves them, so
 * that both builds do the same six loads and six stores. The caller has checked 14 bytes. */
static __always_inline void send_back(void *pkt) {
  __u16 *w = pkt;
  __u16 d0 = w[0], d1 = w[1], d2 = w[2];

  w[0] = w[3];
  w[1] = w[4];
  w[2] = w[5];
  w[3] = d0;
  w[4] = d1;
  w[5] = d2;
}

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
int xdp_prog1(struct xdp_md *ctx) {
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

  hits = bpf_map_lookup_elem(&dropcnt, &l4);
  if (hits)
    *hits += 1;

  if (l4 != UDP_PROTO)
    return XDP_DROP;
  send_back(pkt);
  return XDP_TX;
}

char _license[] SEC("license") = "GPL";
