// Test input for ClangObjectReaderTest: a program that passes a static function to bpf_loop, so
// an ld_imm64 takes the function's address (BPF_PSEUDO_FUNC) and the function is appended like a
// called subprogram. Rebuilt from this directory with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c callback.c -o callback.o
#include "bpf_defs.h"

static long (*bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) =
    (void *)181;

static int add(__u32 index, void *ctx) {
  *(long *)ctx += index;
  return 0;
}

SEC("tc")
int sum(struct __sk_buff *skb) {
  long total = 0;
  bpf_loop(4, add, &total, 0);
  return total;
}

char _license[] SEC("license") = "GPL";
