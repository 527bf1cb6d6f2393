/* Our C twin of corpus/open/Tcbpf1.java, a Java port of the logic of the kernel's
 * samples/bpf/tcbpf1_kern.c (GPL-2.0); written for bpf4j, not copied.
 *
 * A tc classifier that rewrites every packet whose byte 23 says TCP, trusting the EtherType and a
 * 20-byte IPv4 header without checking them: TOS 8, a new source address, a new destination port,
 * each change preceded by the incremental fix of the checksums that cover it. Returns 0. */
#include "public_defs.h"

#define BPF_F_PSEUDO_HDR 0x10 /* the field is also in the TCP pseudo-header */

#define IP_OFF(field) (ETH_HLEN + offsetof(struct iphdr, field))
#define TCP_OFF(field) (ETH_HLEN + sizeof(struct iphdr) + offsetof(struct tcphdr, field))

/* The new values as the sample hands them to the helpers: in host order, not swapped. On this
 * little-endian target the packet so gets 1.1.1.10 and port 35091; the Java port keeps that. */
#define NEW_SADDR 0xA010101
#define NEW_DPORT 5001
#define NEW_TOS 8

/* The checksum helpers take the old and new field values as they sit in memory, so the host-order
 * LD_ABS results are turned back to wire order first. */
static __always_inline void rewrite_tos(struct __sk_buff *skb, __u8 tos) {
  __u8 was = load_byte(skb, IP_OFF(tos));

  /* TOS is the second byte of the 16-bit word the IPv4 checksum adds it in. */
  bpf_l3_csum_replace(skb, IP_OFF(check), htons(was), htons(tos), 2);
  bpf_skb_store_bytes(skb, IP_OFF(tos), &tos, sizeof(tos), 0);
}

static __always_inline void rewrite_saddr(struct __sk_buff *skb, __u32 addr) {
  __u32 was = htonl(load_word(skb, IP_OFF(saddr)));

  /* The source address is in both checksums: TCP's through its pseudo-header. */
  bpf_l4_csum_replace(skb, TCP_OFF(check), was, addr, BPF_F_PSEUDO_HDR | sizeof(addr));
  bpf_l3_csum_replace(skb, IP_OFF(check), was, addr, sizeof(addr));
  bpf_skb_store_bytes(skb, IP_OFF(saddr), &addr, sizeof(addr), 0);
}

static __always_inline void rewrite_dport(struct __sk_buff *skb, __u16 port) {
  __u16 was = htons(load_half(skb, TCP_OFF(dest)));

  bpf_l4_csum_replace(skb, TCP_OFF(check), was, port, sizeof(port));
  bpf_skb_store_bytes(skb, TCP_OFF(dest), &port, sizeof(port), 0);
}

SEC("tc")
int bpf_prog1(struct __sk_buff *skb) {
  if (load_byte(skb, IP_OFF(protocol)) == IPPROTO_TCP) {
    rewrite_tos(skb, NEW_TOS);
    rewrite_saddr(skb, NEW_SADDR);
    rewrite_dport(skb, NEW_DPORT);
  }
  return 0;
}

char _license[] SEC("license") = "GPL";
