/* Origin: xdp-project/xdp-tutorial (https://github.com/xdp-project/xdp-tutorial, commit cc5e32b):
 * the programs xdp_patch_ports_func and xdp_vlan_swap_func of packet-solutions/xdp_prog_kern_02.c
 * (the solutions to lesson packet02's assignments, GPL-2.0), with what they use of
 * common/parsing_helpers.h (GPL-2.0-or-later OR BSD-2-Clause: parse_ethhdr_vlan and the IPv4,
 * IPv6, UDP and TCP parsers of lesson packet01), common/rewrite_helpers.h (same licenses:
 * vlan_tag_pop, vlan_tag_push) and common/xdp_stats_kern.h (GPL-2.0: the per-action stats map);
 * its third program, xdp_pass_func, is left out.
 * Adapted only where this build needs it: the definitions come from public_defs.h instead of
 * kernel and libbpf headers, the helpers are in this file instead of the tutorial's headers, the
 * sections are "xdp", and the stats map is not pinned by name (libbpf's LIBBPF_PIN_BY_NAME would
 * share it between this object and its Java port's); the parsing, the port decrement, the
 * checksum update, the VLAN pop and push and the stats are the tutorial's. Its Java port is
 * corpus/open/XdpProgKern02.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp_patch_ports.c */
#include "public_defs.h"

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

/* common/rewrite_helpers.h */
static __always_inline int vlan_tag_pop(struct xdp_md *ctx, struct ethhdr *eth) {
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr eth_cpy;
  struct vlan_hdr *vlh;
  __be16 h_proto;
  int vlid;

  if (!proto_is_vlan(eth->h_proto))
    return -1;

  vlh = (void *)(eth + 1);

  if ((void *)(vlh + 1) > data_end)
    return -1;

  vlid = bpf_ntohs(vlh->h_vlan_TCI);
  h_proto = vlh->h_vlan_encapsulated_proto;

  __builtin_memcpy(&eth_cpy, eth, sizeof(eth_cpy));

  if (bpf_xdp_adjust_head(ctx, (int)sizeof(*vlh)))
    return -1;

  eth = (void *)(long)ctx->data;
  data_end = (void *)(long)ctx->data_end;
  if ((void *)(eth + 1) > data_end)
    return -1;

  __builtin_memcpy(eth, &eth_cpy, sizeof(*eth));
  eth->h_proto = h_proto;

  return vlid;
}

static __always_inline int vlan_tag_push(struct xdp_md *ctx, struct ethhdr *eth, int vlid) {
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr eth_cpy;
  struct vlan_hdr *vlh;

  __builtin_memcpy(&eth_cpy, eth, sizeof(eth_cpy));

  if (bpf_xdp_adjust_head(ctx, 0 - (int)sizeof(*vlh)))
    return -1;

  data_end = (void *)(long)ctx->data_end;
  eth = (void *)(long)ctx->data;

  if ((void *)(eth + 1) > data_end)
    return -1;

  __builtin_memcpy(eth, &eth_cpy, sizeof(*eth));

  vlh = (void *)(eth + 1);

  if ((void *)(vlh + 1) > data_end)
    return -1;

  vlh->h_vlan_TCI = bpf_htons(vlid);
  vlh->h_vlan_encapsulated_proto = eth->h_proto;

  eth->h_proto = bpf_htons(ETH_P_8021Q);
  return 0;
}

/* packet-solutions/xdp_prog_kern_02.c */
SEC("xdp")
int xdp_patch_ports_func(struct xdp_md *ctx) {
  int action = XDP_PASS;
  int eth_type, ip_type;
  struct ethhdr *eth;
  struct iphdr *iphdr;
  struct ipv6hdr *ipv6hdr;
  struct udphdr *udphdr;
  struct tcphdr *tcphdr;
  void *data_end = (void *)(long)ctx->data_end;
  void *data = (void *)(long)ctx->data;
  struct hdr_cursor nh = {.pos = data};

  eth_type = parse_ethhdr(&nh, data_end, &eth);
  if (eth_type < 0) {
    action = XDP_ABORTED;
    goto out;
  }

  if (eth_type == bpf_htons(ETH_P_IP)) {
    ip_type = parse_iphdr(&nh, data_end, &iphdr);
  } else if (eth_type == bpf_htons(ETH_P_IPV6)) {
    ip_type = parse_ip6hdr(&nh, data_end, &ipv6hdr);
  } else {
    goto out;
  }

  if (ip_type == IPPROTO_UDP) {
    if (parse_udphdr(&nh, data_end, &udphdr) < 0) {
      action = XDP_ABORTED;
      goto out;
    }

    udphdr->dest = bpf_htons(bpf_ntohs(udphdr->dest) - 1);
    udphdr->check += bpf_htons(1);
    if (!udphdr->check)
      udphdr->check += bpf_htons(1);
  } else if (ip_type == IPPROTO_TCP) {
    if (parse_tcphdr(&nh, data_end, &tcphdr) < 0) {
      action = XDP_ABORTED;
      goto out;
    }
    tcphdr->dest = bpf_htons(bpf_ntohs(tcphdr->dest) - 1);
    tcphdr->check += bpf_htons(1);
    if (!tcphdr->check)
      tcphdr->check += bpf_htons(1);
  }

out:
  return xdp_stats_record_action(ctx, action);
}

/* Pops the outermost VLAN tag if there is one, else pushes a tag with ID 1. */
SEC("xdp")
int xdp_vlan_swap_func(struct xdp_md *ctx) {
  void *data_end = (void *)(long)ctx->data_end;
  void *data = (void *)(long)ctx->data;

  struct hdr_cursor nh;
  int nh_type;
  nh.pos = data;

  struct ethhdr *eth;
  nh_type = parse_ethhdr(&nh, data_end, &eth);
  if (nh_type < 0)
    return XDP_PASS;

  if (proto_is_vlan(eth->h_proto))
    vlan_tag_pop(ctx, eth);
  else
    vlan_tag_push(ctx, eth, 1);

  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
