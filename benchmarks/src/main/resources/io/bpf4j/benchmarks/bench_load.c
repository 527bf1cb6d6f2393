// The C side of LoadLatencyBenchmark: loads each object the way a C program on libbpf does
// (bpf_object__open_mem, bpf_object__load, bpf_object__close: BTF, every map, every program, then
// everything released again) in a timed loop, from bytes read into memory once, as the Java side
// loads from a byte array.
// Usage: bench_load <warm-up loads> <measured loads> <object.o>...
// Output, one line per object, in argument order, the wall time of each measured load and of its
// three steps (open: parse the ELF and BTF; load: BTF, maps, programs into the kernel; close):
//   maps=<n> progs=<n> ns=<load 1>,... open=<open 1>,... load=<load step 1>,... close=<close 1>,...
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *buf = malloc(n > 0 ? n : 1);
  if (buf && fread(buf, 1, n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *size = n;
  return buf;
}

// libbpf prints warnings (and, at debug level, every step) through this; the timing wants none.
static int quiet(enum libbpf_print_level level, const char *fmt, va_list args) {
  (void)level;
  (void)fmt;
  (void)args;
  return 0;
}

// The steps of one load, in ns.
struct steps {
  uint64_t open, load, close;
};

// One load and close; on success stores the counts of maps and programs libbpf created.
static int load_once(const void *buf, size_t size, const char *name, int *maps, int *progs,
                     struct steps *t) {
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
  uint64_t t0 = now_ns();
  struct bpf_object *obj = bpf_object__open_mem(buf, size, &opts);
  if (!obj) return -errno;
  uint64_t t1 = now_ns();
  int err = bpf_object__load(obj);
  uint64_t t2 = now_ns();
  if (!err) {
    struct bpf_map *m;
    struct bpf_program *p;
    *maps = 0;
    *progs = 0;
    bpf_object__for_each_map(m, obj)(*maps)++;
    bpf_object__for_each_program(p, obj)(*progs)++;
  }
  uint64_t t3 = now_ns();
  bpf_object__close(obj);
  uint64_t t4 = now_ns();
  t->open = t1 - t0;
  t->load = t2 - t1;
  t->close = t4 - t3;
  return err;
}

static void print_list(const char *name, const uint64_t *values, int n) {
  printf(" %s=", name);
  for (int r = 0; r < n; r++) printf(r ? ",%llu" : "%llu", (unsigned long long)values[r]);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s <warm-up loads> <measured loads> <object.o>...\n", argv[0]);
    return 2;
  }
  int warmup = atoi(argv[1]);
  int runs = atoi(argv[2]);
  libbpf_set_print(quiet);
  uint64_t *ns = calloc(runs, sizeof(uint64_t));
  uint64_t *open_ns = calloc(runs, sizeof(uint64_t));
  uint64_t *load_ns = calloc(runs, sizeof(uint64_t));
  uint64_t *close_ns = calloc(runs, sizeof(uint64_t));
  for (int i = 3; i < argc; i++) {
    size_t size;
    void *buf = read_file(argv[i], &size);
    if (!buf) {
      fprintf(stderr, "cannot read %s: %s\n", argv[i], strerror(errno));
      return 1;
    }
    int maps = 0, progs = 0;
    for (int r = 0; r < warmup + runs; r++) {
      struct steps t = {0};
      uint64_t t0 = now_ns();
      int err = load_once(buf, size, "bench", &maps, &progs, &t);
      uint64_t total = now_ns() - t0;
      if (err) {
        fprintf(stderr, "loading %s failed: %s\n", argv[i], strerror(-err));
        return 1;
      }
      if (r >= warmup) {
        ns[r - warmup] = total;
        open_ns[r - warmup] = t.open;
        load_ns[r - warmup] = t.load;
        close_ns[r - warmup] = t.close;
      }
    }
    printf("maps=%d progs=%d", maps, progs);
    print_list("ns", ns, runs);
    print_list("open", open_ns, runs);
    print_list("load", load_ns, runs);
    print_list("close", close_ns, runs);
    printf("\n");
    free(buf);
  }
  free(open_ns);
  free(load_ns);
  free(close_ns);
  free(ns);
  return 0;
}
