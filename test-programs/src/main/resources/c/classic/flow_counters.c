/* Per-flow counters keyed by the IPv4 5-tuple (see corpus/classic/FlowCounters.java).
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c flow_counters.c */
#include "classic_defs.h"

struct FlowKey {
  __u32 srcIp;
  __u32 dstIp;
  __u8 protocol; /* one padding byte follows */
  __u16 srcPort;
  __u16 dstPort; /* two padding bytes follow */
};

struct FlowStats {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1024);
  __type(key, struct FlowKey);
  __type(value, struct FlowStats);
} flows SEC(".maps");

SEC("tc")
int countFlow(struct __sk_buff *skb) {
  struct FlowKey key;
  struct FlowStats *stats;
  __u32 ihl;

  if (load_half(skb, 12) != ETH_P_IP)
    return 0;
  ihl = (load_byte(skb, ETH_HLEN) & 0xf) << 2;
  __builtin_memset(&key, 0, sizeof(key));
  key.protocol = load_byte(skb, ETH_HLEN + 9);
  key.srcIp = load_word(skb, ETH_HLEN + 12);
  key.dstIp = load_word(skb, ETH_HLEN + 16);
  if (key.protocol == IPPROTO_TCP || key.protocol == IPPROTO_UDP) {
    key.srcPort = load_half(skb, ETH_HLEN + ihl);
    key.dstPort = load_half(skb, ETH_HLEN + ihl + 2);
  }
  stats = bpf_map_lookup_elem(&flows, &key);
  if (stats) {
    __sync_fetch_and_add(&stats->packets, 1);
    __sync_fetch_and_add(&stats->bytes, skb->len);
    return 2;
  }
  struct FlowStats fresh = {.packets = 1, .bytes = skb->len};
  bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST);
  return 1;
}

char _license[] SEC("license") = "GPL";
