/* clang-19 -O2 -g -target bpf -mcpu=v3 '-DSECTION="fentry/do_unlinkat"' -c trampoline.c
 * One program in the section given with -DSECTION: fentry/, fexit/ or lsm/ (programs that run
 * through BPF trampolines), to test their load and attach path. */
#include "attach_defs.h"

char LICENSE[] SEC("license") = "GPL";

SEC(SECTION)
int traced(__u64 *ctx) {
  return 0;
}
