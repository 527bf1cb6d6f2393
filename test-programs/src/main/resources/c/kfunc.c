// Test input for ObjectReaderErrorsTest: a program calling a kfunc (an extern function resolved
// against the kernel's BTF), which the reader does not support. Rebuilt from this directory with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c kfunc.c -o kfunc.o
#define SEC(name) __attribute__((section(name), used))
#define __ksym __attribute__((section(".ksyms")))

extern void bpf_rcu_read_lock(void) __ksym;

SEC("tc")
int lock(void *ctx) {
  bpf_rcu_read_lock();
  return 0;
}

char _license[] SEC("license") = "GPL";
