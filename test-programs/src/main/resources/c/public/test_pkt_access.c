/* Our C twin of corpus/open/TestPktAccess.java, a Java port of the logic of
 * tools/testing/selftests/bpf/progs/test_pkt_access.c (GPL-2.0-only); written for bpf4j, not
 * copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_pkt_access.c */
#include "public_defs.h"

#define TC_ACT_UNSPEC (-1)
#define IPV6_HLEN 40
/* Only one of the two padded callees is on the stack at a time, under two callers' frames: 448
 * bytes leaves those 2 * 32 within the verifier's 512-byte limit. */
#define PAD_LEN (512 - 2 * 32)

/* The program exists to exercise BPF-to-BPF calls that take the context: every helper here is
 * noinline so that clang keeps each of them a real call, as the Java port's methods are. */
#define CALLEE static __attribute__((noinline))

CALLEE int len_doubled(struct __sk_buff *skb) { return skb->len * 2; }

CALLEE int len_scaled(int factor, struct __sk_buff *skb) { return skb->len * factor; }

/* A zeroed stack buffer nobody reads: it only makes the call's frame big. volatile keeps clang
 * from dropping it. */
CALLEE int len_behind_padding(struct __sk_buff *skb) {
  volatile char pad[PAD_LEN] = {};
  return skb->len;
}

CALLEE int one_from(long value) { return (int)(value - 122); }

CALLEE int ifindex_behind_padding(int factor, struct __sk_buff *skb, int extra) {
  volatile char pad[PAD_LEN] = {};
  return skb->ifindex * factor * extra;
}

CALLEE int len_times_ifindex_scaled(int factor, struct __sk_buff *skb) {
  return len_behind_padding(skb) * ifindex_behind_padding(factor, skb, one_from(123));
}

/* Bumps the TCP checksum field at l4_off. The field is incremented as a little-endian CPU holds
 * it (its low network byte is the high byte here): the Java port keeps that quirk, so we do. */
CALLEE int bump_tcp_check(struct __sk_buff *skb, __u32 l4_off) {
  if (l4_off > ETH_HLEN + IPV6_HLEN) {
    return -1;
  }
  void *start = (void *)(long)skb->data;
  void *end = (void *)(long)skb->data_end;
  struct tcphdr *tcp = start + l4_off;
  if ((void *)(tcp + 1) > end) {
    return -1;
  }
  tcp->check += 1;
  return 0;
}

SEC("tc")
int test_pkt_access(struct __sk_buff *skb) {
  void *start = (void *)(long)skb->data;
  void *end = (void *)(long)skb->data_end;
  struct ethhdr *eth = start;
  /* where TCP would start, or -1 for a frame that is neither IPv4 nor IPv6 */
  long l4_off = -1;
  __u8 l4_proto = 255;

  if ((void *)(eth + 1) > end) {
    return TC_ACT_SHOT;
  }
  if (eth->h_proto == htons(ETH_P_IP)) {
    struct iphdr *ip4 = (void *)(eth + 1);
    if ((void *)(ip4 + 1) > end) {
      return TC_ACT_SHOT;
    }
    l4_proto = ip4->protocol;
    l4_off = ETH_HLEN + ip4->ihl * 4; /* any IHL, even one below 5, as the port does */
  } else if (eth->h_proto == htons(ETH_P_IPV6)) {
    struct ipv6hdr *ip6 = (void *)(eth + 1);
    if ((void *)(ip6 + 1) > end) {
      return TC_ACT_SHOT;
    }
    l4_proto = ip6->nexthdr;
    l4_off = ETH_HLEN + IPV6_HLEN;
  }

  /* each callee must see the same skb as the caller */
  if (len_doubled(skb) != skb->len * 2) {
    return TC_ACT_SHOT;
  }
  if (len_scaled(2, skb) != skb->len * 2) {
    return TC_ACT_SHOT;
  }
  if (len_times_ifindex_scaled(3, skb) != skb->len * 3 * skb->ifindex) {
    return TC_ACT_SHOT;
  }
  if (l4_off < 0) {
    return TC_ACT_UNSPEC;
  }
  if (bump_tcp_check(skb, (__u32)l4_off) != 0) {
    return TC_ACT_SHOT;
  }

  /* the callee wrote the packet: read it again through fresh pointers */
  start = (void *)(long)skb->data;
  end = (void *)(long)skb->data_end;
  struct tcphdr *tcp = start + l4_off;
  if ((void *)(tcp + 1) > end || l4_proto != IPPROTO_TCP) {
    return TC_ACT_SHOT;
  }
  /* compared with 123 as the CPU holds the field, not in network order: kept from the port */
  if (tcp->urg_ptr == 123) {
    return TC_ACT_OK;
  }
  return TC_ACT_UNSPEC;
}

char _license[] SEC("license") = "GPL";
