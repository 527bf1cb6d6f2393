/* The kernel's samples/bpf/sockex1 (see corpus/classic/Sockex1.java): bytes per IP protocol.
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c sockex1.c */
#include "classic_defs.h"

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 256);
  __type(key, int);
  __type(value, long);
} myMap SEC(".maps");

SEC("socket")
int bpfProg1(struct __sk_buff *skb) {
  /* A socket filter's data starts at the network header. */
  int index = load_byte(skb, 9 /* offsetof(struct iphdr, protocol) */);
  long *value;

  if (skb->pkt_type == PACKET_OTHERHOST)
    return 0;

  value = bpf_map_lookup_elem(&myMap, &index);
  if (value)
    __sync_fetch_and_add(value, skb->len);
  return skb->len;
}

char _license[] SEC("license") = "GPL";
