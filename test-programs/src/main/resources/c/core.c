// Test input for ObjectReaderErrorsTest: a program whose field access is relocatable (CO-RE), whose
// bpf_core_relo record the reader hands to the loader. Rebuilt from this directory with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c core.c -o core.o
#define SEC(name) __attribute__((section(name), used))

struct task {
  int pid;
} __attribute__((preserve_access_index));

SEC("kprobe/do_exit")
int read_pid(struct task *t) {
  return t->pid;
}

char _license[] SEC("license") = "GPL";
