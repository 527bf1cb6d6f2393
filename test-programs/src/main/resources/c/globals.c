/* The C equivalent of integration-tests' corpus/Globals.java: the same global variables in .bss,
 * .data and .rodata, written the same way. integration-tests (GlobalsInteropTest) builds it with
 *   clang-19 -O2 -g -target bpf -mcpu=v4 -c globals.c
 * and compares its internal maps, variables and relocations with bpf4j's object.
 */
#include "bpf_defs.h"

struct Stats {
  long packets;
  int lastLen;
};

long total;
long atomicCount;
int seed = 7;
long hist[4];
int weights[4] = {1, 2, 3, 5};
signed char small = -2;
struct Stats stats;
const volatile int multiplier = 3;
const volatile _Bool verbose;

SEC("socket")
int count(struct __sk_buff *skb) {
  int len = skb->len;
  total += len;
  __sync_fetch_and_add(&atomicCount, 1);
  seed = seed * 31 + len;
  hist[len & 3]++;
  stats.packets++;
  stats.lastLen = len;
  small--;
  int w = weights[len & 3];
  if (verbose)
    bpf_printk("len %d weight %d\n", len, w);
  return len * multiplier + w;
}

char _license[] SEC("license") = "GPL";
