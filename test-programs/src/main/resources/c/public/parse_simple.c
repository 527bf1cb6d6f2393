/* Origin: the Linux kernel, samples/bpf/parse_simple.c (Copyright (c) 2016 Facebook, GPL-2.0).
 * Adapted only where this build needs it: the definitions come from classic_defs.h instead of
 * kernel headers (ip_is_fragment written out as the kernel defines it) and the section is "tc";
 * the checks are the sample's. Its Java port is corpus/open/ParseSimple.java.
 * Built by the benchmark with: clang-19 -O2 -g -target bpf -mcpu=v4 -c parse_simple.c */
#include "classic_defs.h"

#define DEFAULT_PKTGEN_UDP_PORT 9
#define IP_MF 0x2000
#define IP_OFFSET 0x1FFF

/* copy of 'struct ethhdr' without __packed */
struct eth_hdr {
  unsigned char h_dest[6];
  unsigned char h_source[6];
  unsigned short h_proto;
};

struct iphdr {
  __u8 ihl : 4, version : 4;
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

struct udphdr {
  __u16 source;
  __u16 dest;
  __u16 len;
  __u16 check;
};

static inline int ip_is_fragment(const struct iphdr *iph) {
  return (iph->frag_off & __builtin_bswap16(IP_MF | IP_OFFSET)) != 0;
}

SEC("tc")
int handleIngress(struct __sk_buff *skb) {
  /* skb->data and skb->data_end: offsets 76 and 80 of the kernel's struct __sk_buff, which
   * classic_defs.h's shortened copy does not reach. */
  void *data = (void *)(long)*(__u32 *)((char *)skb + 76);
  struct eth_hdr *eth = data;
  struct iphdr *iph = data + sizeof(*eth);
  struct udphdr *udp = data + sizeof(*eth) + sizeof(*iph);
  void *data_end = (void *)(long)*(__u32 *)((char *)skb + 80);

  /* single length check */
  if (data + sizeof(*eth) + sizeof(*iph) + sizeof(*udp) > data_end)
    return 0;

  if (eth->h_proto != __builtin_bswap16(ETH_P_IP))
    return 0;
  if (iph->protocol != IPPROTO_UDP || iph->ihl != 5)
    return 0;
  if (ip_is_fragment(iph))
    return 0;
  if (udp->dest == __builtin_bswap16(DEFAULT_PKTGEN_UDP_PORT))
    return TC_ACT_SHOT;
  return 0;
}

char _license[] SEC("license") = "GPL";
