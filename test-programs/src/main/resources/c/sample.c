/* Source of the checked-in sample.btf and sample.btf.ext test
 * resources. Two programs and a static helper: clang emits FUNC/FUNC_PROTO types and a
 * .BTF.ext with func_info and line_info for sections "xdp" and "tc".
 *
 * Regenerate (tests do not need clang) from this directory with:
 *   clang-19 -O2 -g -target bpf -fdebug-compilation-dir=. -c sample.c -o /tmp/sample.o
 *   llvm-objcopy-19 --dump-section .BTF=sample.btf \
 *     --dump-section .BTF.ext=sample.btf.ext /tmp/sample.o
 */
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

struct pair {
  long a;
  long b;
};

struct {
  __uint(type, 2);
  __uint(max_entries, 4);
  __type(key, int);
  __type(value, struct pair);
} pairs SEC(".maps");

struct pair table[4];

SEC("xdp")
int count(void *ctx)
{
  struct pair *p = &table[1];
  p->a += 1;
  return p->b > 2 ? 2 : 1;
}

static int helper(int x)
{
  return x * 3;
}

SEC("tc")
int classify(void *ctx)
{
  table[2].b = helper(table[3].a);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
