// Test input for the io.bpf4j.object.elf tests: a small socket filter built by clang, checked in
// as socket_filter.o so that the tests do not need clang. Rebuilt from this directory with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c socket_filter.c \
//       -o socket_filter.o
// (-fdebug-compilation-dir keeps the checkout path out of the DWARF, so rebuilds are identical.)
// ElfReaderTest asserts the relocation offsets that `llvm-objdump-19 -d -r socket_filter.o`
// shows; update them if the object is rebuilt with another clang.
//
// No kernel or libbpf headers are needed: the few definitions used are below. The map uses
// libbpf's BTF-defined syntax, with __uint/__type defined as in bpf_helpers.h.

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

#define BPF_MAP_TYPE_ARRAY 2

typedef unsigned int __u32;
typedef unsigned long long __u64;

// Only the first field is read; the verifier rewrites the context access at load time.
struct __sk_buff {
  __u32 len;
};

// Map attributes are encoded in the BTF of pointer member types; libbpf reads them from .maps.
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} counters SEC(".maps");

// Helper ids are fixed by the kernel ABI: 1 = bpf_map_lookup_elem, 6 = bpf_trace_printk.
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)6;

// noinline keeps a real BPF-to-BPF call (an R_BPF_64_32 relocation against .text).
static __attribute__((noinline)) __u32 classify(__u32 len) {
  return len > 128 ? 1 : 0;
}

SEC("socket")
int count_packets(struct __sk_buff *skb) {
  // What bpf_printk expands to: a static format string in .rodata (an R_BPF_64_64 relocation).
  static const char fmt[] = "bucket %u\n";
  __u32 key = classify(skb->len);
  __u64 *value = bpf_map_lookup_elem(&counters, &key);
  if (value) {
    __sync_fetch_and_add(value, 1);
  }
  bpf_trace_printk(fmt, sizeof(fmt), key);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
