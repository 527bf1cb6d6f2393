/* The seed's bandwidth monitor in C: the reference that BandwidthMonitor.java is measured against.
<<<<<<<< HEAD:bpf-object/src/test/resources/link/bandwidth_monitor.c
 * A copy of integration-tests/src/test/resources/c/bandwidth_monitor.c (with bpf_defs.h), checked in
 * as bandwidth_monitor.o for the io.bpf4j.object.link tests, which need no clang. Rebuilt from this
 * directory with
========
 * integration-tests builds it at test time (clang-19 -O2 -g -target bpf -mcpu=v4 -c); bpf-object's
 * load tests, which need no clang, read the object built from it in this directory, checked in as
 * bpf-object/src/test/resources/load/bandwidth_monitor.o:
>>>>>>>> tests:test-programs/src/main/resources/c/bandwidth_monitor.c
 *   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c bandwidth_monitor.c \
 *       -o bandwidth_monitor.o */
#include "bpf_defs.h"

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
  bpf_printk("pkt len = %d, ifindex = %d, ingress_ifindex = %d\n", skb->len, skb->ifindex,
             skb->ingress_ifindex);
  bpf_tail_call(skb, &tailcallMap, 0);
  bpf_printk("No tailcall registered!\n");
  return 0;
}

char _license[] SEC("license") = "GPL";
