/* clang-19 -O2 -g -target bpf -mcpu=v3 -c tp_btf_getppid.c
 * A BTF-typed tracepoint (tp_btf): sys_enter(struct pt_regs *regs, long id), counting getppid
 * calls (x86-64 syscall 110) per process. */
#include "attach_defs.h"

char LICENSE[] SEC("license") = "GPL";

COUNTS_BY_PID(getppid_calls);

SEC("tp_btf/sys_enter")
int count_getppid(__u64 *ctx) {
  if (ctx[1] == 110) {
    count_for_current_process(&getppid_calls);
  }
  return 0;
}
