/* Our C twin of corpus/open/XdpAdjustTail.java, a Java port of the logic of the kernel's
 * samples/bpf/xdp_adjust_tail_kern.c (GPL-2.0-only); written for bpf4j, not copied.
 *
 * An IPv4 frame longer than 600 bytes is answered in place with an ICMPv4 "fragmentation needed"
 * (MTU 586): the frame is cut to 98 bytes, 28 bytes are added in front, and the result becomes
 * Ethernet (MACs swapped) + a fresh IPv4 header back to the sender + the ICMP header + the start
 * of the original frame from its IPv4 header on; it is counted in icmpcnt and sent with XDP_TX.
 * Shorter IPv4 frames and other frames pass; a frame shorter than Ethernet is dropped. */
#include "public_defs.h"

#define MAX_FRAME 600
#define REPLY_TAIL 98 /* bytes of the original frame kept behind the new headers */
#define ICMP_SUMMED 92 /* ICMP header plus what the reply quotes */
#define NEW_HEADROOM (sizeof(struct iphdr) + sizeof(struct icmphdr))
#define REPLY_TTL 64

/* Replies sent; one slot. */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 1);
} icmpcnt SEC(".maps");

/* The 16-bit one's-complement checksum from a 32-bit sum: one end-around carry added, then
 * inverted, as the port does it. */
static __always_inline __u16 to_checksum(__u32 sum) {
  return ~((sum & 0xffff) + (sum >> 16));
}

static __always_inline int reply_too_big(struct xdp_md *xdp) {
  void *pkt, *pkt_end;
  struct ethhdr *eth, *was_eth;
  struct iphdr *ip, *was_ip;
  struct icmphdr *icmp;
  __u32 zero = 0;
  __u64 *replies;

  if (bpf_xdp_adjust_head(xdp, -(int)NEW_HEADROOM))
    return XDP_DROP;
  pkt = (void *)(long)xdp->data;
  pkt_end = (void *)(long)xdp->data_end;
  if (pkt + REPLY_TAIL + NEW_HEADROOM > pkt_end)
    return XDP_DROP;

  /* The old frame now starts NEW_HEADROOM bytes in; the new headers are written over the room
   * in front and the old Ethernet header. */
  eth = pkt;
  was_eth = pkt + NEW_HEADROOM;
  ip = (void *)(eth + 1);
  icmp = (void *)(ip + 1);
  was_ip = (void *)(icmp + 1);

  memcpy(eth->h_source, was_eth->h_dest, ETH_ALEN);
  memcpy(eth->h_dest, was_eth->h_source, ETH_ALEN);
  eth->h_proto = was_eth->h_proto;

  /* Bytes 4-5 of the ICMP header are left as they are, like the port leaves them. */
  icmp->type = ICMP_DEST_UNREACH;
  icmp->code = ICMP_FRAG_NEEDED;
  icmp->un.frag.mtu = htons(MAX_FRAME - ETH_HLEN);
  icmp->checksum = 0;
  icmp->checksum = to_checksum(bpf_csum_diff(0, 0, (void *)icmp, ICMP_SUMMED, 0));

  /* id and frag_off are not written either: what the room in front held stays. */
  ip->ttl = REPLY_TTL;
  ip->daddr = was_ip->saddr;
  ip->saddr = was_ip->daddr;
  *(__u8 *)ip = 0x45; /* version 4, IHL 5 */
  ip->protocol = IPPROTO_ICMP;
  ip->tos = 0;
  ip->tot_len = htons(REPLY_TAIL + NEW_HEADROOM - ETH_HLEN);
  ip->check = 0;
  ip->check = to_checksum(bpf_csum_diff(0, 0, (void *)ip, sizeof(*ip), 0));

  replies = bpf_map_lookup_elem(&icmpcnt, &zero);
  if (replies)
    *replies += 1;
  return XDP_TX;
}

SEC("xdp")
int _xdp_icmp(struct xdp_md *xdp) {
  void *pkt = (void *)(long)xdp->data;
  void *pkt_end = (void *)(long)xdp->data_end;
  struct ethhdr *eth = pkt;
  int len;

  if ((void *)(eth + 1) > pkt_end)
    return XDP_DROP;
  if (eth->h_proto != htons(ETH_P_IP))
    return XDP_PASS;
  len = pkt_end - pkt;
  if (len <= MAX_FRAME)
    return XDP_PASS;
  /* Keep the first REPLY_TAIL bytes; a refused cut leaves the frame alone. */
  if (bpf_xdp_adjust_tail(xdp, REPLY_TAIL - len))
    return XDP_PASS;
  return reply_too_big(xdp);
}

char _license[] SEC("license") = "GPL";
