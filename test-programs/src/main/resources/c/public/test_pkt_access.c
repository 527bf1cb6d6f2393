/* Origin: the Linux kernel, tools/testing/selftests/bpf/progs/test_pkt_access.c (Copyright (c)
 * 2017 Facebook, GPL-2.0-only).
 * Adapted only where this build needs it: the definitions come from public_defs.h instead of
 * kernel and libbpf headers, and a license section is added (this version of the selftest has
 * none); the program, its static and global subprograms (two of them with a
 * 448-byte zeroed stack buffer) and its checks are the selftest's, byte order included (tcp->check
 * is incremented as the CPU holds it and urg_ptr compared with host-order 123). Its Java port is
 * corpus/open/TestPktAccess.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_pkt_access.c */
#include "public_defs.h"

#define TC_ACT_UNSPEC (-1)
#define NULL ((void *)0)
#define bpf_htons(x) htons(x)

#define barrier() __asm__ __volatile__("" : : : "memory")

static __attribute__((noinline)) int test_pkt_access_subprog1(volatile struct __sk_buff *skb) {
  return skb->len * 2;
}

static __attribute__((noinline)) int test_pkt_access_subprog2(int val,
                                                               volatile struct __sk_buff *skb) {
  return skb->len * val;
}

#define MAX_STACK (512 - 2 * 32)

__attribute__((noinline)) int get_skb_len(struct __sk_buff *skb) {
  volatile char buf[MAX_STACK] = {};

  return skb->len;
}

__attribute__((noinline)) int get_constant(long val) {
  return val - 122;
}

int get_skb_ifindex(int, struct __sk_buff *skb, int);

__attribute__((noinline)) int test_pkt_access_subprog3(int val, struct __sk_buff *skb) {
  return get_skb_len(skb) * get_skb_ifindex(val, skb, get_constant(123));
}

__attribute__((noinline)) int get_skb_ifindex(int val, struct __sk_buff *skb, int var) {
  volatile char buf[MAX_STACK] = {};

  return skb->ifindex * val * var;
}

__attribute__((noinline)) int test_pkt_write_access_subprog(struct __sk_buff *skb, __u32 off) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  struct tcphdr *tcp = NULL;

  if (off > sizeof(struct ethhdr) + sizeof(struct ipv6hdr))
    return -1;

  tcp = data + off;
  if ((void *)(tcp + 1) > data_end)
    return -1;
  /* make modification to the packet data */
  tcp->check++;
  return 0;
}

SEC("tc")
int test_pkt_access(struct __sk_buff *skb) {
  void *data_end = (void *)(long)skb->data_end;
  void *data = (void *)(long)skb->data;
  struct ethhdr *eth = (struct ethhdr *)(data);
  struct tcphdr *tcp = NULL;
  __u8 proto = 255;
  __u64 ihl_len;

  if ((void *)(eth + 1) > data_end)
    return TC_ACT_SHOT;

  if (eth->h_proto == bpf_htons(ETH_P_IP)) {
    struct iphdr *iph = (struct iphdr *)(eth + 1);

    if ((void *)(iph + 1) > data_end)
      return TC_ACT_SHOT;
    ihl_len = iph->ihl * 4;
    proto = iph->protocol;
    tcp = (struct tcphdr *)((void *)(iph) + ihl_len);
  } else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
    struct ipv6hdr *ip6h = (struct ipv6hdr *)(eth + 1);

    if ((void *)(ip6h + 1) > data_end)
      return TC_ACT_SHOT;
    ihl_len = sizeof(*ip6h);
    proto = ip6h->nexthdr;
    tcp = (struct tcphdr *)((void *)(ip6h) + ihl_len);
  }

  if (test_pkt_access_subprog1(skb) != skb->len * 2)
    return TC_ACT_SHOT;
  if (test_pkt_access_subprog2(2, skb) != skb->len * 2)
    return TC_ACT_SHOT;
  if (test_pkt_access_subprog3(3, skb) != skb->len * 3 * skb->ifindex)
    return TC_ACT_SHOT;
  if (tcp) {
    if (test_pkt_write_access_subprog(skb, (void *)tcp - data))
      return TC_ACT_SHOT;
    if (((void *)(tcp) + 20) > data_end || proto != 6)
      return TC_ACT_SHOT;
    barrier(); /* to force ordering of checks */
    if (((void *)(tcp) + 18) > data_end)
      return TC_ACT_SHOT;
    if (tcp->urg_ptr == 123)
      return TC_ACT_OK;
  }

  return TC_ACT_UNSPEC;
}

char _license[] SEC("license") = "GPL";
