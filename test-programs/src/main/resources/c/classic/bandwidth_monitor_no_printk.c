/* The seed's bandwidth monitor (c/bandwidth_monitor.c) without its bpf_printk calls (see
 * corpus/classic/BandwidthMonitorNoPrintk.java): counting and the tail call only.
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c bandwidth_monitor_no_printk.c */
#include "classic_defs.h"

struct traffic_counters {
  __u64 pkts;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 3);
  __type(key, int);
  __type(value, struct traffic_counters);
} bwMonitorMap SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 1);
  __uint(key_size, 4);
  __uint(value_size, 4);
} tailcallMap SEC(".maps");

SEC("socket")
int socketFilter(struct __sk_buff *skb) {
  int key = 1;
  struct traffic_counters *counters = bpf_map_lookup_elem(&bwMonitorMap, &key);
  if (counters) {
    __sync_fetch_and_add(&counters->pkts, 1);
    __sync_fetch_and_add(&counters->bytes, skb->len);
  } else {
    struct traffic_counters val = {.pkts = 1, .bytes = skb->len};
    bpf_map_update_elem(&bwMonitorMap, &key, &val, BPF_ANY);
  }
  bpf_tail_call(skb, &tailcallMap, 0);
  return 0;
}

char _license[] SEC("license") = "GPL";
