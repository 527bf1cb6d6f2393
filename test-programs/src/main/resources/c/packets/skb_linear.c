/*
 * Records how much of a large skb is linear (skb->data_end - skb->data) next to its whole length,
 * so TcDirectReadsTest can show its frame really was paged. Runs first at tcx egress and lets the
 * next program run (TCX_NEXT).
 */
#include "packet_defs.h"

#define BPF_MAP_TYPE_ARRAY 2
#define TCX_NEXT (-1)

static long (*bpf_map_update_elem)(void *map, const void *key, const void *value,
                                   __u64 flags) = (void *)2;

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 2);
  __type(key, __u32);
  __type(value, __u32);
} linear SEC(".maps");

SEC("tc")
int linearLength(struct __sk_buff *skb) {
  if (skb->len > 20000) {
    __u32 k = 0;
    __u32 v = skb->data_end - skb->data;
    bpf_map_update_elem(&linear, &k, &v, 0);
    k = 1;
    v = skb->len;
    bpf_map_update_elem(&linear, &k, &v, 0);
  }
  return TCX_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
