/* A socket filter that writes one numbered record per run with bpf_perf_event_output into a perf
 * event array declared without max_entries (the loader sizes it to the possible CPUs), as the
 * tests and benchmarks of PerfBufferReader read it. Built at run time:
 *   clang-19 -O2 -g -target bpf -c perf_output.c -o perf_output.o */
#include "bpf_defs.h"

#define BPF_MAP_TYPE_PERF_EVENT_ARRAY 4
#define BPF_F_CURRENT_CPU 0xffffffffULL

static long (*bpf_perf_event_output)(void *ctx, void *map, __u64 flags, void *data, __u64 size) =
    (void *)25;
static __u64 (*bpf_ktime_get_ns)(void) = (void *)5;
static __u32 (*bpf_get_smp_processor_id)(void) = (void *)8;

struct event {
  __u64 seq;
  __u64 when;
  __u32 len;
  __u32 cpu;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} counters SEC(".maps");

SEC("socket")
int perf_record(struct __sk_buff *skb) {
  __u32 key = 0;
  __u64 *next = bpf_map_lookup_elem(&counters, &key);
  if (!next) {
    return 0;
  }
  struct event e = {};
  e.seq = *next;
  *next = e.seq + 1;
  e.when = bpf_ktime_get_ns();
  e.len = skb->len;
  e.cpu = bpf_get_smp_processor_id();
  return bpf_perf_event_output(skb, &events, BPF_F_CURRENT_CPU, &e, sizeof(e)) == 0;
}

char _license[] SEC("license") = "GPL";
