/* A protocol dispatcher with tail calls (see corpus/classic/Dispatcher.java); the prog array is
 * filled with libbpf's 'values' convention.
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c dispatcher.c */
#include "classic_defs.h"

struct Count {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 256);
  __type(key, int);
  __type(value, struct Count);
} counts SEC(".maps");

static __noinline void count(int key, __u32 len) {
  struct Count *c = bpf_map_lookup_elem(&counts, &key);
  if (c) {
    __sync_fetch_and_add(&c->packets, 1);
    __sync_fetch_and_add(&c->bytes, len);
  }
}

static __noinline int headerLength(struct __sk_buff *skb) {
  return (load_byte(skb, 0) & 0xf) << 2;
}

SEC("socket")
int tcpProg(struct __sk_buff *skb) {
  count(IPPROTO_TCP, skb->len);
  return load_half(skb, headerLength(skb) + 2);
}

SEC("socket")
int udpProg(struct __sk_buff *skb) {
  count(IPPROTO_UDP, skb->len);
  return load_half(skb, headerLength(skb) + 2);
}

SEC("socket")
int icmpProg(struct __sk_buff *skb) {
  count(IPPROTO_ICMP, skb->len);
  return 0x100 + load_byte(skb, headerLength(skb));
}

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 256);
  __uint(key_size, sizeof(__u32));
  __array(values, int(void *));
} jmpTable SEC(".maps") = {
    .values =
        {
            [IPPROTO_TCP] = (void *)&tcpProg,
            [IPPROTO_UDP] = (void *)&udpProg,
            [IPPROTO_ICMP] = (void *)&icmpProg,
        },
};

/* The IP protocol of an IPv4 packet, 0 for anything else. */
static __noinline int classify(struct __sk_buff *skb) {
  if (skb->protocol != bpf_htons(ETH_P_IP))
    return 0;
  return load_byte(skb, 9);
}

SEC("socket")
int dispatch(struct __sk_buff *skb) {
  int proto = classify(skb);
  bpf_tail_call(skb, &jmpTable, proto);
  count(0, skb->len);
  return 0;
}

char _license[] SEC("license") = "GPL";
