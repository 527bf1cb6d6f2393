/* Our C twin of corpus/open/XdpProgKern02.java, a Java port of the logic of xdp-tutorial's
 * packet-solutions/xdp_prog_kern_02.c with the common/ parsing, rewrite and stats helpers it
 * includes (GPL-2.0); written for bpf4j, not copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp_prog_kern_02.c */
#include "public_defs.h"

#define VLAN_TAG_LEN 4
#define MAX_VLAN_TAGS 4
#define XDP_REDIRECT 4
#define XDP_VERDICTS (XDP_REDIRECT + 1)

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

/* The UDP payload length the header claims, or -1 (cut short, or a length below the header's). */
static __always_inline int take_udp(struct cursor *c) {
  struct udphdr *udp = c->at;
  if ((void *)(udp + 1) > c->end) {
    return -1;
  }
  c->at = udp + 1;
  int payload = host16(udp->len) - (int)sizeof(*udp);
  return payload < 0 ? -1 : payload;
}

/* The TCP header length with options, or -1 (cut short, or a data offset below 5). */
static __always_inline int take_tcp(struct cursor *c) {
  struct tcphdr *tcp = c->at;
  if ((void *)(tcp + 1) > c->end) {
    return -1;
  }
  int len = tcp->doff * 4;
  if (len < (int)sizeof(*tcp) || c->at + len > c->end) {
    return -1;
  }
  c->at += len;
  return len;
}

/* The tutorial's checksum "update" after a port decrement, kept as the port has it: 0x0100
 * added to the field as a little-endian CPU holds it (a carry out of the low network byte is
 * lost), and 0 avoided by adding once more. */
static __always_inline __u16 bumped_check(__u16 check) {
  check += htons(1);
  if (check == 0) {
    check += htons(1);
  }
  return check;
}

/* The verdict for one frame: the destination port of UDP or TCP (behind IPv4 or IPv6) is
 * decremented and the checksum field bumped; a UDP or TCP header that does not parse aborts. */
static __always_inline int patch_ports(struct xdp_md *ctx) {
  struct cursor c = {(void *)(long)ctx->data, (void *)(long)ctx->data_end};
  int l3 = take_eth(&c);
  if (l3 < 0) {
    return XDP_ABORTED;
  }
  int l4;
  if (l3 == ETH_P_IP) {
    l4 = take_ipv4(&c);
  } else if (l3 == ETH_P_IPV6) {
    l4 = take_ipv6(&c);
  } else {
    return XDP_PASS;
  }

  if (l4 == IPPROTO_UDP) {
    struct udphdr *udp = c.at;
    if (take_udp(&c) < 0) {
      return XDP_ABORTED;
    }
    udp->dest = htons(host16(udp->dest) - 1);
    udp->check = bumped_check(udp->check);
  } else if (l4 == IPPROTO_TCP) {
    struct tcphdr *tcp = c.at;
    if (take_tcp(&c) < 0) {
      return XDP_ABORTED;
    }
    tcp->dest = htons(host16(tcp->dest) - 1);
    tcp->check = bumped_check(tcp->check);
  }
  return XDP_PASS;
}

/* Every verdict, whichever exit it comes from, is counted once here. */
SEC("xdp")
int xdp_patch_ports_func(struct xdp_md *ctx) { return count_verdict(ctx, patch_ports(ctx)); }

/* Removes the outermost tag: the Ethernet header is saved, the frame start moves 4 bytes on, and
 * the header is written back there with the tag's inner EtherType. Returns the tag's TCI, or -1
 * when there is no whole tag or the move fails. */
static __always_inline int pop_tag(struct xdp_md *ctx) {
  void *start = (void *)(long)ctx->data;
  void *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = start;
  struct vlan_tag *tag = (void *)(eth + 1);
  if ((void *)(eth + 1) > end || !is_vlan_proto(host16(eth->h_proto))) {
    return -1;
  }
  if ((void *)(tag + 1) > end) {
    return -1;
  }
  int tci = host16(tag->tci);
  __be16 inner = tag->inner_proto;
  struct ethhdr saved;
  memcpy(&saved, eth, sizeof(saved));
  if (bpf_xdp_adjust_head(ctx, VLAN_TAG_LEN) != 0) {
    return -1;
  }
  /* adjust_head invalidated every packet pointer: start over */
  start = (void *)(long)ctx->data;
  end = (void *)(long)ctx->data_end;
  eth = start;
  if ((void *)(eth + 1) > end) {
    return -1;
  }
  memcpy(eth, &saved, sizeof(saved));
  eth->h_proto = inner;
  return tci;
}

/* Adds a tag with ID vid in front of the EtherType: the Ethernet header is saved, the frame start
 * moves 4 bytes back, the header is written there and the tag after it carries the old
 * EtherType. */
static __always_inline int push_tag(struct xdp_md *ctx, int vid) {
  void *start = (void *)(long)ctx->data;
  void *end = (void *)(long)ctx->data_end;
  struct ethhdr saved;
  if (start + sizeof(saved) > end) {
    return -1;
  }
  memcpy(&saved, start, sizeof(saved));
  if (bpf_xdp_adjust_head(ctx, -VLAN_TAG_LEN) != 0) {
    return -1;
  }
  start = (void *)(long)ctx->data;
  end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = start;
  if ((void *)(eth + 1) > end) {
    return -1;
  }
  memcpy(eth, &saved, sizeof(saved));
  struct vlan_tag *tag = (void *)(eth + 1);
  if ((void *)(tag + 1) > end) {
    return -1;
  }
  tag->tci = htons(vid);
  tag->inner_proto = eth->h_proto;
  eth->h_proto = htons(ETH_P_8021Q);
  return 0;
}

SEC("xdp")
int xdp_vlan_swap_func(struct xdp_md *ctx) {
  struct cursor c = {(void *)(long)ctx->data, (void *)(long)ctx->data_end};
  struct ethhdr *eth = c.at;
  if (take_eth(&c) < 0) {
    return XDP_PASS;
  }
  /* tagged frames lose their outer tag, untagged ones get tag 1 */
  if (is_vlan_proto(host16(eth->h_proto))) {
    pop_tag(ctx);
  } else {
    push_tag(ctx, 1);
  }
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
