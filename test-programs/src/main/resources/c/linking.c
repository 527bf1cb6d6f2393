// Test input for the io.bpf4j.object.link tests (ClangObjectReaderTest): what the reader has to link
// and lay out the way libbpf does. Checked in as linking.o so the tests need no clang; rebuilt from
// this directory with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c linking.c -o linking.o
// (-fdebug-compilation-dir keeps the checkout path out of the object, so rebuilds are identical.)
//
// - count() is a static subprogram called from two programs, and twice from one of them; it calls
//   bump(), so linking has to follow calls transitively, and add_one(), a global subprogram;
// - threshold is a global variable in .data, step a static one; packets is a counter in .bss;
//   verbose is a constant in .rodata;
// - jump_table is a prog array whose slot 2 is pre-filled with tail_target (libbpf's `values`).
#include "bpf_defs.h"

#define __array(name, val) typeof(val) *name[]

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 2);
  __type(key, __u32);
  __type(value, __u64);
} stats SEC(".maps");

SEC("socket")
int tail_target(struct __sk_buff *skb) {
  return 7;
}

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 4);
  __uint(key_size, 4);
  __array(values, int(struct __sk_buff *));
} jump_table SEC(".maps") = {
    .values = {[2] = (void *)&tail_target},
};

int threshold = 100;
static int step = 2;
__u64 packets;
const volatile int verbose = 1;

static __attribute__((noinline)) void bump(__u32 slot) {
  __u64 *value = bpf_map_lookup_elem(&stats, &slot);
  if (value) {
    __sync_fetch_and_add(value, step);
  }
}

__attribute__((noinline)) int add_one(int x) {
  return x + 1;
}

static __attribute__((noinline)) int count(struct __sk_buff *skb) {
  packets++;
  bump(skb->len > threshold ? 1 : 0);
  return verbose ? add_one(skb->len) : 0;
}

SEC("socket")
int first(struct __sk_buff *skb) {
  int a = count(skb);
  int b = count(skb);
  bpf_tail_call(skb, &jump_table, 2);
  return a + b;
}

SEC("tc")
int second(struct __sk_buff *skb) {
  __sync_fetch_and_add(&step, 1);
  return count(skb) > 0 ? 0 : 2;
}

char _license[] SEC("license") = "Dual BSD/GPL";
