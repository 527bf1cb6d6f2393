/* Our C twin of corpus/open/ParseSimple.java, a Java port of the logic of the kernel's
 * samples/bpf/parse_simple.c (GPL-2.0); written for bpf4j, not copied.
 *
 * A tc filter that drops (TC_ACT_SHOT) IPv4/UDP to port 9, the port pktgen sends to by default,
 * when the IPv4 header has no options and the packet is not a fragment; all else goes on. */
#include "public_defs.h"

#define PKTGEN_UDP_PORT 9
#define IP_FRAGMENT_BITS 0x3FFF /* more-fragments flag and the fragment offset */

SEC("tc")
int handleIngress(struct __sk_buff *skb) {
  void *pkt = (void *)(long)skb->data;
  void *pkt_end = (void *)(long)skb->data_end;
  struct ethhdr *eth = pkt;
  struct iphdr *ip = (void *)(eth + 1);
  struct udphdr *udp = (void *)(ip + 1);

  /* Only an option-less IPv4 header is accepted below, so UDP can only sit right behind 20 IPv4
   * bytes: one bounds check up to the end of the UDP header covers every read. */
  if ((void *)(udp + 1) > pkt_end)
    return TC_ACT_OK;
  if (eth->h_proto != htons(ETH_P_IP))
    return TC_ACT_OK;
  if (ip->protocol != IPPROTO_UDP || ip->ihl != 5)
    return TC_ACT_OK;
  if (ip->frag_off & htons(IP_FRAGMENT_BITS))
    return TC_ACT_OK;
  return udp->dest == htons(PKTGEN_UDP_PORT) ? TC_ACT_SHOT : TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
