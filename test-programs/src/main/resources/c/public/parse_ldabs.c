/* Origin: the Linux kernel, samples/bpf/parse_ldabs.c (Copyright (c) 2016 Facebook, GPL-2.0).
 * Adapted only where this build needs it: the definitions (and bpf_legacy.h's load_byte/half)
 * come from public_defs.h instead of kernel headers and the section is "tc"; the checks are the
 * sample's. Its Java port is corpus/open/ParseLdabs.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c parse_ldabs.c */
#include "public_defs.h"

#define DEFAULT_PKTGEN_UDP_PORT 9
#define IP_MF 0x2000
#define IP_OFFSET 0x1FFF

static inline int ip_is_fragment(struct __sk_buff *ctx, __u64 nhoff) {
  return load_half(ctx, nhoff + offsetof(struct iphdr, frag_off)) & (IP_MF | IP_OFFSET);
}

SEC("tc")
int handle_ingress(struct __sk_buff *skb) {
  __u64 troff = ETH_HLEN + sizeof(struct iphdr);

  if (load_half(skb, offsetof(struct ethhdr, h_proto)) != ETH_P_IP)
    return 0;
  if (load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol)) != IPPROTO_UDP ||
      load_byte(skb, ETH_HLEN) != 0x45)
    return 0;
  if (ip_is_fragment(skb, ETH_HLEN))
    return 0;
  if (load_half(skb, troff + offsetof(struct udphdr, dest)) == DEFAULT_PKTGEN_UDP_PORT)
    return TC_ACT_SHOT;
  return 0;
}

char _license[] SEC("license") = "GPL";
