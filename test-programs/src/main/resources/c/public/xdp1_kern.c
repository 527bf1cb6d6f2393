/* Origin: the Linux kernel, samples/bpf/xdp1_kern.c (Copyright (c) 2016 PLUMgrid, GPL-2.0).
 * Adapted only where this build needs it: the map is declared the libbpf way (BTF-defined, in
 * .maps) and the definitions come from classic_defs.h instead of kernel headers; the parsing and
 * the counting are the sample's. Its Java port is corpus/open/Xdp1.java.
 * Built by the benchmark with: clang-19 -O2 -g -target bpf -mcpu=v4 -c xdp1_kern.c */
#include "classic_defs.h"

#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define ETH_P_IPV6 0x86DD

struct ethhdr {
  unsigned char h_dest[6];
  unsigned char h_source[6];
  __u16 h_proto;
} __attribute__((packed));

struct vlan_hdr {
  __u16 h_vlan_TCI;
  __u16 h_vlan_encapsulated_proto;
};

struct iphdr {
  __u8 ihl_version;
  __u8 tos;
  __u16 tot_len;
  __u16 id;
  __u16 frag_off;
  __u8 ttl;
  __u8 protocol;
  __u16 check;
  __u32 saddr;
  __u32 daddr;
};

struct ipv6hdr {
  __u8 priority_version;
  __u8 flow_lbl[3];
  __u16 payload_len;
  __u8 nexthdr;
  __u8 hop_limit;
  __u8 saddr[16];
  __u8 daddr[16];
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, long);
  __uint(max_entries, 256);
} rxcnt SEC(".maps");

static int parse_ipv4(void *data, __u64 nh_off, void *data_end) {
  struct iphdr *iph = data + nh_off;

  if ((void *)(iph + 1) > data_end)
    return 0;
  return iph->protocol;
}

static int parse_ipv6(void *data, __u64 nh_off, void *data_end) {
  struct ipv6hdr *ip6h = data + nh_off;

  if ((void *)(ip6h + 1) > data_end)
    return 0;
  return ip6h->nexthdr;
}

SEC("xdp")
int xdpProg1(struct xdp_md *ctx) {
  void *data_end = (void *)(long)ctx->data_end;
  void *data = (void *)(long)ctx->data;
  struct ethhdr *eth = data;
  int rc = XDP_DROP;
  long *value;
  __u16 h_proto;
  __u64 nh_off;
  __u32 ipproto;

  nh_off = sizeof(*eth);
  if (data + nh_off > data_end)
    return rc;

  h_proto = eth->h_proto;

  if (h_proto == __builtin_bswap16(ETH_P_8021Q) || h_proto == __builtin_bswap16(ETH_P_8021AD)) {
    struct vlan_hdr *vhdr;

    vhdr = data + nh_off;
    nh_off += sizeof(struct vlan_hdr);
    if (data + nh_off > data_end)
      return rc;
    h_proto = vhdr->h_vlan_encapsulated_proto;
  }
  if (h_proto == __builtin_bswap16(ETH_P_8021Q) || h_proto == __builtin_bswap16(ETH_P_8021AD)) {
    struct vlan_hdr *vhdr;

    vhdr = data + nh_off;
    nh_off += sizeof(struct vlan_hdr);
    if (data + nh_off > data_end)
      return rc;
    h_proto = vhdr->h_vlan_encapsulated_proto;
  }

  if (h_proto == __builtin_bswap16(ETH_P_IP))
    ipproto = parse_ipv4(data, nh_off, data_end);
  else if (h_proto == __builtin_bswap16(ETH_P_IPV6))
    ipproto = parse_ipv6(data, nh_off, data_end);
  else
    ipproto = 0;

  value = bpf_map_lookup_elem(&rxcnt, &ipproto);
  if (value)
    *value += 1;

  return rc;
}

char _license[] SEC("license") = "GPL";
