/* A tc classifier counting per ifindex (see corpus/classic/IfindexCounter.java).
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c ifindex_counter.c */
#include "classic_defs.h"

struct IfStats {
  __u64 packets;
  __u64 bytes;
  __u64 passed;
  __u64 shot;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 64);
  __type(key, int);
  __type(value, struct IfStats);
} perIfindex SEC(".maps");

static __noinline int verdictFor(__u32 etherType) {
  switch (etherType) {
  case 0x0800:
  case 0x86DD:
  case 0x0806:
    return TC_ACT_OK;
  default:
    return TC_ACT_SHOT;
  }
}

SEC("tc")
int countIfindex(struct __sk_buff *skb) {
  int verdict = verdictFor(__builtin_bswap16(skb->protocol));
  int ifindex = skb->ifindex;
  struct IfStats *s = bpf_map_lookup_elem(&perIfindex, &ifindex);
  if (!s) {
    struct IfStats fresh = {};
    bpf_map_update_elem(&perIfindex, &ifindex, &fresh, BPF_NOEXIST);
    s = bpf_map_lookup_elem(&perIfindex, &ifindex);
    if (!s)
      return TC_ACT_SHOT;
  }
  __sync_fetch_and_add(&s->packets, 1);
  __sync_fetch_and_add(&s->bytes, skb->len);
  if (verdict == TC_ACT_OK)
    __sync_fetch_and_add(&s->passed, 1);
  else
    __sync_fetch_and_add(&s->shot, 1);
  return verdict;
}

char _license[] SEC("license") = "GPL";
