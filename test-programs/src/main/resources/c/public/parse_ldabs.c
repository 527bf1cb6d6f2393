/* Our C twin of corpus/open/ParseLdabs.java, a Java port of the logic of the kernel's
 * samples/bpf/parse_ldabs.c (GPL-2.0); written for bpf4j, not copied.
 *
 * parse_simple's filter with LD_ABS reads instead of packet pointers: no bounds check at all,
 * because a read past the end already ends the program with 0, which lets the packet through. */
#include "public_defs.h"

#define PKTGEN_UDP_PORT 9
#define IP_FRAGMENT_BITS 0x3FFF
#define IPV4_NO_OPTIONS 0x45 /* version 4, IHL 5: the whole first byte */

#define IP_AT(field) (ETH_HLEN + offsetof(struct iphdr, field))
#define UDP_AT(field) (ETH_HLEN + sizeof(struct iphdr) + offsetof(struct udphdr, field))

SEC("tc")
int handle_ingress(struct __sk_buff *skb) {
  if (load_half(skb, offsetof(struct ethhdr, h_proto)) != ETH_P_IP)
    return TC_ACT_OK;
  if (load_byte(skb, IP_AT(protocol)) != IPPROTO_UDP || load_byte(skb, ETH_HLEN) != IPV4_NO_OPTIONS)
    return TC_ACT_OK;
  if (load_half(skb, IP_AT(frag_off)) & IP_FRAGMENT_BITS)
    return TC_ACT_OK;
  return load_half(skb, UDP_AT(dest)) == PKTGEN_UDP_PORT ? TC_ACT_SHOT : TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
