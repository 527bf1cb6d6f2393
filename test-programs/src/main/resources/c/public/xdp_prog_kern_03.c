/* Origin: xdp-project/xdp-tutorial (https://github.com/xdp-project/xdp-tutorial, commit cc5e32b):
 * the program xdp_icmp_echo_func of packet-solutions/xdp_prog_kern_03.c (the solution to lesson
 * packet03's first assignment, GPL-2.0), with what it uses of common/parsing_helpers.h and
 * common/rewrite_helpers.h (GPL-2.0-or-later OR BSD-2-Clause) and common/xdp_stats_kern.h
 * (GPL-2.0). The file's other programs are left out: xdp_redirect_func and xdp_redirect_map_func
 * are assignment skeletons (their MAC and ifindex are TODOs), xdp_router_func needs
 * bpf_fib_lookup, which bpf4j does not offer.
 * Adapted only where this build needs it: the definitions come from public_defs.h instead of
 * kernel and libbpf headers, the helpers are in this file instead of the tutorial's headers, the
 * section is "xdp", and the stats map is not pinned by name (libbpf's LIBBPF_PIN_BY_NAME would
 * share it between this object and its Java port's); the parsing, the swaps, the checksum update
 * and the stats are the tutorial's. Its Java port is corpus/open/XdpProgKern03.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp_prog_kern_03.c */
#include "public_defs.h"

#define IPPROTO_ICMPV6 58
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129

#define XDP_REDIRECT 4
#define XDP_ACTION_MAX (XDP_REDIRECT + 1)
#define VLAN_MAX_DEPTH 4
#define VLAN_VID_MASK 0x0fff
#define bpf_htons(x) htons(x)
#define bpf_ntohs(x) htons(x)
#define NULL ((void *)0)

/* common/xdp_stats_kern_user.h */
struct datarec {
  __u64 rx_packets;
  __u64 rx_bytes;
};

/* common/xdp_stats_kern.h */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, struct datarec);
  __uint(max_entries, XDP_ACTION_MAX);
} xdp_stats_map SEC(".maps");

static __always_inline __u32 xdp_stats_record_action(struct xdp_md *ctx, __u32 action) {
  if (action >= XDP_ACTION_MAX)
    return XDP_ABORTED;

  struct datarec *rec = bpf_map_lookup_elem(&xdp_stats_map, &action);
  if (!rec)
    return XDP_ABORTED;

  rec->rx_packets++;
  rec->rx_bytes += (ctx->data_end - ctx->data);

  return action;
}

/* common/parsing_helpers.h */
struct hdr_cursor {
  void *pos;
};

struct vlan_hdr {
  __be16 h_vlan_TCI;
  __be16 h_vlan_encapsulated_proto;
};

struct collect_vlans {
  __u16 id[VLAN_MAX_DEPTH];
};

static __always_inline int proto_is_vlan(__u16 h_proto) {
  return !!(h_proto == bpf_htons(ETH_P_8021Q) || h_proto == bpf_htons(ETH_P_8021AD));
}

static __always_inline int parse_ethhdr_vlan(struct hdr_cursor *nh, void *data_end,
                                             struct ethhdr **ethhdr,
                                             struct collect_vlans *vlans) {
  struct ethhdr *eth = nh->pos;
  int hdrsize = sizeof(*eth);
  struct vlan_hdr *vlh;
  __u16 h_proto;
  int i;

  if (nh->pos + hdrsize > data_end)
    return -1;

  nh->pos += hdrsize;
  *ethhdr = eth;
  vlh = nh->pos;
  h_proto = eth->h_proto;

#pragma unroll
  for (i = 0; i < VLAN_MAX_DEPTH; i++) {
    if (!proto_is_vlan(h_proto))
      break;

    if ((void *)(vlh + 1) > data_end)
      break;

    h_proto = vlh->h_vlan_encapsulated_proto;
    if (vlans) /* collect VLAN ids */
      vlans->id[i] = (bpf_ntohs(vlh->h_vlan_TCI) & VLAN_VID_MASK);

    vlh++;
  }

  nh->pos = vlh;
  return h_proto; /* network-byte-order */
}

static __always_inline int parse_ethhdr(struct hdr_cursor *nh, void *data_end,
                                        struct ethhdr **ethhdr) {
  return parse_ethhdr_vlan(nh, data_end, ethhdr, NULL);
}

static __always_inline int parse_ip6hdr(struct hdr_cursor *nh, void *data_end,
                                        struct ipv6hdr **ip6hdr) {
  struct ipv6hdr *ip6h = nh->pos;

  if ((void *)(ip6h + 1) > data_end)
    return -1;

  nh->pos = ip6h + 1;
  *ip6hdr = ip6h;

  return ip6h->nexthdr;
}

static __always_inline int parse_iphdr(struct hdr_cursor *nh, void *data_end,
                                       struct iphdr **iphdr) {
  struct iphdr *iph = nh->pos;
  int hdrsize;

  if ((void *)(iph + 1) > data_end)
    return -1;

  hdrsize = iph->ihl * 4;
  if (hdrsize < sizeof(*iph))
    return -1;

  if (nh->pos + hdrsize > data_end)
    return -1;

  nh->pos += hdrsize;
  *iphdr = iph;

  return iph->protocol;
}

static __always_inline int parse_udphdr(struct hdr_cursor *nh, void *data_end,
                                        struct udphdr **udphdr) {
  int len;
  struct udphdr *h = nh->pos;

  if ((void *)(h + 1) > data_end)
    return -1;

  nh->pos = h + 1;
  *udphdr = h;

  len = bpf_ntohs(h->len) - sizeof(struct udphdr);
  if (len < 0)
    return -1;

  return len;
}

static __always_inline int parse_tcphdr(struct hdr_cursor *nh, void *data_end,
                                        struct tcphdr **tcphdr) {
  int len;
  struct tcphdr *h = nh->pos;

  if ((void *)(h + 1) > data_end)
    return -1;

  len = h->doff * 4;
  if (len < sizeof(*h))
    return -1;

  if (nh->pos + len > data_end)
    return -1;

  nh->pos += len;
  *tcphdr = h;

  return len;
}

struct icmphdr_common {
  __u8 type;
  __u8 code;
  __u16 cksum;
};

static __always_inline int parse_icmphdr_common(struct hdr_cursor *nh, void *data_end,
                                                struct icmphdr_common **icmphdr) {
  struct icmphdr_common *h = nh->pos;

  if ((void *)(h + 1) > data_end)
    return -1;

  nh->pos = h + 1;
  *icmphdr = h;

  return h->type;
}

/* common/rewrite_helpers.h */
static __always_inline void swap_src_dst_mac(struct ethhdr *eth) {
  __u8 h_tmp[ETH_ALEN];

  __builtin_memcpy(h_tmp, eth->h_source, ETH_ALEN);
  __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
  __builtin_memcpy(eth->h_dest, h_tmp, ETH_ALEN);
}

struct in6_addr {
  __u8 s6_addr[16];
};

static __always_inline void swap_src_dst_ipv6(struct ipv6hdr *ipv6) {
  struct in6_addr tmp = *(struct in6_addr *)ipv6->saddr;

  *(struct in6_addr *)ipv6->saddr = *(struct in6_addr *)ipv6->daddr;
  *(struct in6_addr *)ipv6->daddr = tmp;
}

static __always_inline void swap_src_dst_ipv4(struct iphdr *iphdr) {
  __be32 tmp = iphdr->saddr;

  iphdr->saddr = iphdr->daddr;
  iphdr->daddr = tmp;
}

/* packet-solutions/xdp_prog_kern_03.c */
static __always_inline __u16 csum_fold_helper(__u32 csum) {
  __u32 sum;
  sum = (csum >> 16) + (csum & 0xffff);
  sum += (sum >> 16);
  return ~sum;
}

static __always_inline __u16 icmp_checksum_diff(__u16 seed, struct icmphdr_common *icmphdr_new,
                                                struct icmphdr_common *icmphdr_old) {
  __u32 csum, size = sizeof(struct icmphdr_common);

  csum = bpf_csum_diff((__be32 *)icmphdr_old, size, (__be32 *)icmphdr_new, size, seed);
  return csum_fold_helper(csum);
}

SEC("xdp")
int xdp_icmp_echo_func(struct xdp_md *ctx) {
  void *data_end = (void *)(long)ctx->data_end;
  void *data = (void *)(long)ctx->data;
  struct hdr_cursor nh;
  struct ethhdr *eth;
  int eth_type;
  int ip_type;
  int icmp_type;
  struct iphdr *iphdr;
  struct ipv6hdr *ipv6hdr;
  __u16 echo_reply, old_csum;
  struct icmphdr_common *icmphdr;
  struct icmphdr_common icmphdr_old;
  __u32 action = XDP_PASS;

  nh.pos = data;

  eth_type = parse_ethhdr(&nh, data_end, &eth);
  if (eth_type == bpf_htons(ETH_P_IP)) {
    ip_type = parse_iphdr(&nh, data_end, &iphdr);
    if (ip_type != IPPROTO_ICMP)
      goto out;
  } else if (eth_type == bpf_htons(ETH_P_IPV6)) {
    ip_type = parse_ip6hdr(&nh, data_end, &ipv6hdr);
    if (ip_type != IPPROTO_ICMPV6)
      goto out;
  } else {
    goto out;
  }

  icmp_type = parse_icmphdr_common(&nh, data_end, &icmphdr);
  if (eth_type == bpf_htons(ETH_P_IP) && icmp_type == ICMP_ECHO) {
    swap_src_dst_ipv4(iphdr);
    echo_reply = ICMP_ECHOREPLY;
  } else if (eth_type == bpf_htons(ETH_P_IPV6) && icmp_type == ICMPV6_ECHO_REQUEST) {
    swap_src_dst_ipv6(ipv6hdr);
    echo_reply = ICMPV6_ECHO_REPLY;
  } else {
    goto out;
  }

  swap_src_dst_mac(eth);

  old_csum = icmphdr->cksum;
  icmphdr->cksum = 0;
  icmphdr_old = *icmphdr;
  icmphdr->type = echo_reply;
  icmphdr->cksum = icmp_checksum_diff(~old_csum, icmphdr, &icmphdr_old);

  action = XDP_TX;

out:
  return xdp_stats_record_action(ctx, action);
}

char _license[] SEC("license") = "GPL";
