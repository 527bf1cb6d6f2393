/* Our C twin of corpus/open/XdpProgKern03.java, a Java port of the logic of xdp-tutorial's
 * xdp_icmp_echo_func (packet-solutions/xdp_prog_kern_03.c, with the common/ parsing, rewrite and
 * stats helpers it includes; GPL-2.0); written for bpf4j, not copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp_prog_kern_03.c */
#include "public_defs.h"

#define MAX_VLAN_TAGS 4
#define XDP_REDIRECT 4
#define XDP_VERDICTS (XDP_REDIRECT + 1)
#define IPPROTO_ICMPV6 58
/* ICMP (RFC 792) and ICMPv6 (RFC 4443) echo types */
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129

/* One slot per XDP verdict. The field names are the tutorial's: the test decodes this map and the
 * Java port's with one reader. */
struct datarec {
  __u64 rx_packets;
  __u64 rx_bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, struct datarec);
  __uint(max_entries, XDP_VERDICTS);
} xdp_stats_map SEC(".maps");

struct vlan_tag {
  __be16 tci;
  __be16 inner_proto;
};

/* The 4 bytes ICMP and ICMPv6 headers share: all the program reads or rewrites. */
struct icmp_head {
  __u8 type;
  __u8 code;
  __u16 csum;
};

/* The parse position: the next header starts at 'at'; nothing may be read at or past 'end'. */
struct cursor {
  void *at;
  void *end;
};

static __always_inline __u16 host16(__be16 v) { return __builtin_bswap16(v); }

static __always_inline bool is_vlan_proto(__u16 proto) {
  return proto == ETH_P_8021Q || proto == ETH_P_8021AD;
}

/* Counts the verdict (packets, and bytes of the frame as it is now) and hands it back. */
static __always_inline int count_verdict(struct xdp_md *ctx, __u32 verdict) {
  if (verdict >= XDP_VERDICTS) {
    return XDP_ABORTED;
  }
  struct datarec *slot = bpf_map_lookup_elem(&xdp_stats_map, &verdict);
  if (!slot) {
    return XDP_ABORTED;
  }
  /* per-CPU slots: nobody else writes this one, no atomics needed */
  slot->rx_packets += 1;
  slot->rx_bytes += (__u64)(ctx->data_end - ctx->data);
  return verdict;
}

/* The EtherType behind the Ethernet header and up to MAX_VLAN_TAGS tags (host order), or -1 for
 * a frame shorter than an Ethernet header. A tag cut short stops the walk where it is. */
static __always_inline int take_eth(struct cursor *c) {
  struct ethhdr *eth = c->at;
  if ((void *)(eth + 1) > c->end) {
    return -1;
  }
  __u16 proto = host16(eth->h_proto);
  struct vlan_tag *tag = (void *)(eth + 1);
  for (int depth = 0; depth < MAX_VLAN_TAGS; depth++) {
    if (!is_vlan_proto(proto) || (void *)(tag + 1) > c->end) {
      break;
    }
    proto = host16(tag->inner_proto);
    tag++;
  }
  c->at = tag;
  return proto;
}

/* The IPv4 protocol number, or -1 for a header cut short or with an IHL below 5. */
static __always_inline int take_ipv4(struct cursor *c) {
  struct iphdr *ip = c->at;
  if ((void *)(ip + 1) > c->end) {
    return -1;
  }
  int len = ip->ihl * 4;
  if (len < (int)sizeof(*ip) || c->at + len > c->end) {
    return -1;
  }
  c->at += len;
  return ip->protocol;
}

/* The IPv6 next header, or -1 for a header cut short. */
static __always_inline int take_ipv6(struct cursor *c) {
  struct ipv6hdr *ip6 = c->at;
  if ((void *)(ip6 + 1) > c->end) {
    return -1;
  }
  c->at = ip6 + 1;
  return ip6->nexthdr;
}

/* The ICMP or ICMPv6 type, or -1 when the common 4 bytes are cut short. */
static __always_inline int take_icmp_head(struct cursor *c) {
  struct icmp_head *icmp = c->at;
  if ((void *)(icmp + 1) > c->end) {
    return -1;
  }
  c->at = icmp + 1;
  return icmp->type;
}

static __always_inline void swap_macs(struct ethhdr *eth) {
  __u8 dest[ETH_ALEN];
  memcpy(dest, eth->h_dest, ETH_ALEN);
  memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
  memcpy(eth->h_source, dest, ETH_ALEN);
}

static __always_inline void swap_ipv4_addrs(struct iphdr *ip) {
  __be32 src = ip->saddr;
  ip->saddr = ip->daddr;
  ip->daddr = src;
}

static __always_inline void swap_ipv6_addrs(struct ipv6hdr *ip6) {
  __u8 src[16];
  memcpy(src, ip6->saddr, sizeof(src));
  memcpy(ip6->saddr, ip6->daddr, sizeof(src));
  memcpy(ip6->daddr, src, sizeof(src));
}

/* A 32-bit one's-complement partial sum folded to 16 bits and complemented: a checksum field. */
static __always_inline __u16 folded_csum(__u32 sum) {
  __u32 s = (sum >> 16) + (sum & 0xffff);
  s += s >> 16;
  return (__u16)~s;
}

/* The verdict for one frame: an ICMP or ICMPv6 echo request is turned into its reply in place
 * and sent back; anything else passes. */
static __always_inline int answer_echo(struct xdp_md *ctx) {
  struct cursor c = {(void *)(long)ctx->data, (void *)(long)ctx->data_end};
  struct ethhdr *eth = c.at;
  struct iphdr *ip = 0;
  struct ipv6hdr *ip6 = 0;
  int l3 = take_eth(&c);
  if (l3 == ETH_P_IP) {
    ip = c.at;
    if (take_ipv4(&c) != IPPROTO_ICMP) {
      return XDP_PASS;
    }
  } else if (l3 == ETH_P_IPV6) {
    ip6 = c.at;
    if (take_ipv6(&c) != IPPROTO_ICMPV6) {
      return XDP_PASS;
    }
  } else {
    return XDP_PASS;
  }

  struct icmp_head *icmp = c.at;
  int type = take_icmp_head(&c);
  __u8 reply;
  if (l3 == ETH_P_IP && type == ICMP_ECHO_REQUEST) {
    swap_ipv4_addrs(ip);
    reply = ICMP_ECHO_REPLY;
  } else if (l3 == ETH_P_IPV6 && type == ICMP6_ECHO_REQUEST) {
    swap_ipv6_addrs(ip6);
    reply = ICMP6_ECHO_REPLY;
  } else {
    return XDP_PASS;
  }
  swap_macs(eth);

  /* Only the type changes, so the new checksum is the old one adjusted by the difference of the
   * 4 common bytes before and after, both taken with a zero checksum field. The sums work on the
   * field as a little-endian CPU holds it; the seed is the old checksum's complement cut to 16
   * bits, as the port has it. */
  __u16 old_csum = icmp->csum;
  icmp->csum = 0;
  struct icmp_head before;
  memcpy(&before, icmp, sizeof(before));
  icmp->type = reply;
  __u32 sum = bpf_csum_diff((__be32 *)&before, sizeof(before), (__be32 *)icmp, sizeof(*icmp),
                            (__u16)~old_csum);
  icmp->csum = folded_csum(sum);
  return XDP_TX;
}

/* Every verdict, whichever exit it comes from, is counted once here. */
SEC("xdp")
int xdp_icmp_echo_func(struct xdp_md *ctx) { return count_verdict(ctx, answer_echo(ctx)); }

char _license[] SEC("license") = "GPL";
