/* Our C twin of corpus/open/ParseVarlen.java, a Java port of the logic of the kernel's
 * samples/bpf/parse_varlen.c (GPL-2.0); written for bpf4j, not copied.
 *
 * A tc filter over headers of varying length: up to two tags skipped, then IPv4 (options, one
 * level of IPIP) or IPv6 (one level of IPIP or IPv6-in-IPv6). It drops (TC_ACT_SHOT) TCP from or
 * to port 80 and UDP from or to port 9; everything else, and every header cut short, goes on. */
#include "public_defs.h"

#define HTTP_PORT 80
#define PKTGEN_UDP_PORT 9
#define IP_FRAGMENT_BITS 0x3FFF

struct vlan_tag {
  __be16 tci;
  __be16 next_proto;
};

/* The sample this follows compares the wire-order EtherType with the constants as the CPU holds
 * them, so on a little-endian CPU it skips EtherTypes 0x0081 and 0xA888 and not real 802.1Q/ad
 * tags. Kept on purpose, like the Java port keeps it: the comparison below has no htons. */
static __always_inline bool skipped_as_tag(__be16 wire_proto) {
  return wire_proto == ETH_P_8021Q || wire_proto == ETH_P_8021AD;
}

static __always_inline int tcp_verdict(void *l4, void *pkt_end) {
  struct tcphdr *tcp = l4;

  if ((void *)(tcp + 1) > pkt_end)
    return TC_ACT_OK;
  if (tcp->dest == htons(HTTP_PORT) || tcp->source == htons(HTTP_PORT))
    return TC_ACT_SHOT;
  return TC_ACT_OK;
}

static __always_inline int udp_verdict(void *l4, void *pkt_end) {
  struct udphdr *udp = l4;

  if ((void *)(udp + 1) > pkt_end)
    return TC_ACT_OK;
  if (udp->dest == htons(PKTGEN_UDP_PORT) || udp->source == htons(PKTGEN_UDP_PORT))
    return TC_ACT_SHOT;
  return TC_ACT_OK;
}

static __always_inline int l4_verdict(__u8 proto, void *l4, void *pkt_end) {
  if (proto == IPPROTO_TCP)
    return tcp_verdict(l4, pkt_end);
  if (proto == IPPROTO_UDP)
    return udp_verdict(l4, pkt_end);
  return TC_ACT_OK;
}

/* Only the outer header's fragment bits are looked at; the transport header starts after the
 * outer and (for IPIP) the inner header, each as long as its own IHL says. */
static __always_inline int from_ipv4(struct iphdr *outer, void *pkt_end) {
  struct iphdr *last = outer;
  __u32 skip;

  if ((void *)(outer + 1) > pkt_end)
    return TC_ACT_OK;
  if (outer->frag_off & htons(IP_FRAGMENT_BITS))
    return TC_ACT_OK;
  skip = outer->ihl * 4;
  if (outer->protocol == IPPROTO_IPIP) {
    last = (void *)outer + skip;
    if ((void *)(last + 1) > pkt_end)
      return TC_ACT_OK;
    skip += last->ihl * 4;
  }
  return l4_verdict(last->protocol, (void *)outer + skip, pkt_end);
}

static __always_inline int from_ipv6(struct ipv6hdr *outer, void *pkt_end) {
  __u32 skip = sizeof(*outer);
  __u8 next;

  if ((void *)(outer + 1) > pkt_end)
    return TC_ACT_OK;
  next = outer->nexthdr;
  if (next == IPPROTO_IPIP) {
    struct iphdr *inner = (void *)(outer + 1);

    if ((void *)(inner + 1) > pkt_end)
      return TC_ACT_OK;
    skip += inner->ihl * 4;
    next = inner->protocol;
  } else if (next == IPPROTO_IPV6) {
    struct ipv6hdr *inner = outer + 1;

    if ((void *)(inner + 1) > pkt_end)
      return TC_ACT_OK;
    skip += sizeof(*inner);
    next = inner->nexthdr;
  }
  return l4_verdict(next, (void *)outer + skip, pkt_end);
}

SEC("tc")
int handle_ingress(struct __sk_buff *skb) {
  void *pkt = (void *)(long)skb->data;
  void *pkt_end = (void *)(long)skb->data_end;
  struct ethhdr *eth = pkt;
  __u32 off = sizeof(*eth);
  __be16 proto;

  if (pkt + off > pkt_end)
    return TC_ACT_OK;
  proto = eth->h_proto;

#pragma unroll
  for (int depth = 0; depth < 2; depth++) {
    struct vlan_tag *tag = pkt + off;

    if (!skipped_as_tag(proto))
      break;
    off += sizeof(*tag);
    if (pkt + off > pkt_end)
      return TC_ACT_OK;
    proto = tag->next_proto;
  }

  if (proto == htons(ETH_P_IP))
    return from_ipv4(pkt + off, pkt_end);
  if (proto == htons(ETH_P_IPV6))
    return from_ipv6(pkt + off, pkt_end);
  return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
