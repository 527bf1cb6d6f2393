/* Origin: the Linux kernel, samples/bpf/xdp2_kern.c (Copyright (c) 2016 PLUMgrid, GPL-2.0).
 * Adapted only where this build needs it: the map is declared the libbpf way (BTF-defined, in
 * .maps), the definitions come from public_defs.h instead of kernel headers and the section is
 * "xdp"; the parsing, the counting, the MAC swap and XDP_TX for UDP are the sample's. Its Java
 * port is corpus/open/Xdp2.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp2_kern.c */
#include "public_defs.h"

struct vlan_hdr {
  __be16 h_vlan_TCI;
  __be16 h_vlan_encapsulated_proto;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, u32);
  __type(value, long);
  __uint(max_entries, 256);
} dropcnt SEC(".maps");

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

static int parse_ipv4(void *data, u64 nh_off, void *data_end) {
  struct iphdr *iph = data + nh_off;

  if ((void *)(iph + 1) > data_end)
    return 0;
  return iph->protocol;
}

static int parse_ipv6(void *data, u64 nh_off, void *data_end) {
  struct ipv6hdr *ip6h = data + nh_off;

  if ((void *)(ip6h + 1) > data_end)
    return 0;
  return ip6h->nexthdr;
}

SEC("xdp")
int xdp_prog1(struct xdp_md *ctx) {
  void *data_end = (void *)(long)ctx->data_end;
  void *data = (void *)(long)ctx->data;
  struct ethhdr *eth = data;
  int rc = XDP_DROP;
  long *value;
  u16 h_proto;
  u64 nh_off;
  u32 index;

  nh_off = sizeof(*eth);
  if (data + nh_off > data_end)
    return rc;

  h_proto = eth->h_proto;

  if (h_proto == htons(ETH_P_8021Q) || h_proto == htons(ETH_P_8021AD)) {
    struct vlan_hdr *vhdr;

    vhdr = data + nh_off;
    nh_off += sizeof(struct vlan_hdr);
    if (data + nh_off > data_end)
      return rc;
    h_proto = vhdr->h_vlan_encapsulated_proto;
  }
  if (h_proto == htons(ETH_P_8021Q) || h_proto == htons(ETH_P_8021AD)) {
    struct vlan_hdr *vhdr;

    vhdr = data + nh_off;
    nh_off += sizeof(struct vlan_hdr);
    if (data + nh_off > data_end)
      return rc;
    h_proto = vhdr->h_vlan_encapsulated_proto;
  }

  if (h_proto == htons(ETH_P_IP))
    index = parse_ipv4(data, nh_off, data_end);
  else if (h_proto == htons(ETH_P_IPV6))
    index = parse_ipv6(data, nh_off, data_end);
  else
    index = 0;

  value = bpf_map_lookup_elem(&dropcnt, &index);
  if (value)
    *value += 1;

  if (index == 17) {
    swap_src_dst_mac(data);
    rc = XDP_TX;
  }

  return rc;
}

char _license[] SEC("license") = "GPL";
