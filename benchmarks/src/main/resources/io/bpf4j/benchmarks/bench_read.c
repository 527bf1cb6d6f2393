// The C side of MapReadBenchmark: reads every entry of a pinned map with libbpf's
// bpf_map_lookup_batch, as a C user of libbpf would, and prints the best and median wall time.
// Usage: bench_read <pinned map> <warm-up runs> <measured runs> <batch size>
// Output (one line): count=<entries> best_ns=<ns> median_ns=<ns> median_cpu_ns=<ns>
// batch=<final batch size> checksum=<sum>; cpu is this process's user + system time of a run.
#include <bpf/bpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static uint32_t batch;
static void *keys, *values;
static uint32_t key_size, value_size;

static int grow(uint32_t n) {
  free(keys);
  free(values);
  batch = n;
  keys = malloc((size_t)key_size * batch);
  values = malloc((size_t)value_size * batch);
  return keys && values ? 0 : -ENOMEM;
}

/* Reads the whole map once; returns the number of entries, or a negative errno. The checksum of
 * every value byte keeps the reads honest (the Java side decodes every value too). */
static long read_all(int fd, uint64_t *checksum) {
  uint64_t in_batch[8], out_batch[8];
  void *in = NULL;
  long total = 0;
  for (;;) {
    uint32_t count = batch;
    int err = bpf_map_lookup_batch(fd, in, out_batch, keys, values, &count, NULL);
    if (err < 0) {
      err = errno;
    }
    if (err && err != ENOENT) {
      if (err == ENOSPC && batch < (1u << 20)) {
        if (grow(batch * 4)) return -ENOMEM;
        continue;
      }
      return -err;
    }
    const uint64_t *v = values;
    for (uint32_t i = 0; i < count * value_size / 8; i++) *checksum += v[i];
    total += count;
    if (err == ENOENT) return total;
    memcpy(in_batch, out_batch, sizeof(in_batch));
    in = in_batch;
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s <pinned map> <warm-up runs> <runs> <batch size>\n", argv[0]);
    return 2;
  }
  int warmup = atoi(argv[2]), runs = atoi(argv[3]);
  int fd = bpf_obj_get(argv[1]);
  if (fd < 0) {
    fprintf(stderr, "bpf_obj_get(%s): %s\n", argv[1], strerror(errno));
    return 1;
  }
  struct bpf_map_info info;
  uint32_t len = sizeof(info);
  memset(&info, 0, sizeof(info));
  if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
    fprintf(stderr, "bpf_obj_get_info_by_fd: %s\n", strerror(errno));
    return 1;
  }
  key_size = info.key_size;
  value_size = info.value_size;
  if (grow((uint32_t)atoi(argv[4]))) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  uint64_t *times = calloc(runs, sizeof(uint64_t));
  uint64_t *cpu = calloc(runs, sizeof(uint64_t));
  uint64_t checksum = 0;
  long count = 0;
  for (int r = 0; r < warmup + runs; r++) {
    uint64_t c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
    count = read_all(fd, &checksum);
    uint64_t t1 = clock_ns(CLOCK_MONOTONIC);
    uint64_t c1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    if (count < 0) {
      fprintf(stderr, "bpf_map_lookup_batch: %s\n", strerror((int)-count));
      return 1;
    }
    if (r >= warmup) {
      times[r - warmup] = t1 - t0;
      cpu[r - warmup] = c1 - c0;
    }
  }
  qsort(times, runs, sizeof(uint64_t), cmp_u64);
  qsort(cpu, runs, sizeof(uint64_t), cmp_u64);
  printf("count=%ld best_ns=%llu median_ns=%llu median_cpu_ns=%llu batch=%u checksum=%llu\n", count,
         (unsigned long long)times[0], (unsigned long long)times[runs / 2],
         (unsigned long long)cpu[runs / 2], batch, (unsigned long long)checksum);
  return 0;
}
