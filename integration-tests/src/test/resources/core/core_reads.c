#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
char LICENSE[] SEC("license") = "GPL";
struct task_struct { int pid; int tgid; struct task_struct *real_parent; char comm[16]; long bpf4j_no_such_field; } __attribute__((preserve_access_index));
SEC("tp_btf/sched_process_exec") int typed(unsigned long long *ctx) {
  struct task_struct *p = (void *)ctx[0];
  return p->real_parent->tgid + (int)ctx[1];
}
SEC("raw_tracepoint/sched_process_exec") int probed(struct bpf_raw_tracepoint_args *ctx) {
  struct task_struct *t = (void *)ctx->args[0];
  return BPF_CORE_READ(t, real_parent, tgid);
}
SEC("tracepoint/sched/sched_process_exec") int exists(void *ctx) {
  struct task_struct *t = (void *)bpf_get_current_task_btf();
  if (bpf_core_field_exists(t->bpf4j_no_such_field)) return t->bpf4j_no_such_field;
  return bpf_core_field_size(t->comm);
}
