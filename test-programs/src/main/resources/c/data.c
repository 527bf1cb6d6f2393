/* Source of the checked-in data.btf test resource. Data only,
 * no functions: clang then emits no .BTF.ext strings, so the .BTF string table is exactly
 * the type names in first-use order and bpf4j must re-encode it byte for byte.
 *
 * Regenerate (tests do not need clang) from this directory with:
 *   clang-19 -O2 -g -target bpf -fdebug-compilation-dir=. -c data.c -o /tmp/data.o
 *   llvm-objcopy-19 --dump-section .BTF=data.btf /tmp/data.o
 */
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

struct pair {
  long a;
  long b;
};

union word {
  unsigned int u;
  float f;
};

enum color { RED, GREEN = 5, BLUE = -1 };
enum big { HUGE = 0x100000000ULL };

struct flags {
  unsigned int lo : 3;
  unsigned int hi : 5;
  const volatile struct pair *restrict p;
  struct opaque *o;
  union word w;
  double d;
};

typedef struct pair pair_t;

struct {
  __uint(type, 2);
  __uint(max_entries, 4);
  __type(key, int);
  __type(value, pair_t);
} pairs SEC(".maps");

struct pair table[4];
struct flags fl;
enum color c = GREEN;
enum big b;
_Bool yes = 1;
int (*fp)(int, char);
int __attribute__((btf_type_tag("user"))) *tagged;
int dtag __attribute__((btf_decl_tag("dtag")));
static int local_counter SEC(".data.cnt");
char LICENSE[] SEC("license") = "GPL";
