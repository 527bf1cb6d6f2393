// The C side of BatchBenchmark: libbpf's batch calls on a pinned HASH map of 4-byte keys and
// 16-byte values, as a C user of libbpf would make them, each over all entries in one call.
// Usage: bench_batch <pinned map> <entries> <warm-up runs> <measured runs>
// Output (one line): update_ns=<median> delete_ns=<median> drain_ns=<median> checksum=<sum>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct counters {
  uint64_t packets;
  uint64_t bytes;
};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void die(const char *what, int err) {
  fprintf(stderr, "%s failed: %s\n", what, strerror(-err));
  exit(1);
}

static uint32_t n;
static uint32_t *keys;
static struct counters *values;
static uint32_t *out_keys;
static struct counters *out_values;

// Fills keys 0..n-1 the way the Java side encodes its map: the encoding is part of the time.
static void fill(int fd) {
  for (uint32_t i = 0; i < n; i++) {
    keys[i] = i;
    values[i].packets = i;
    values[i].bytes = 1500ull * i;
  }
  uint32_t count = n;
  int err = bpf_map_update_batch(fd, keys, values, &count, NULL);
  if (err) die("bpf_map_update_batch", err);
}

static void remove_all(int fd) {
  for (uint32_t i = 0; i < n; i++) keys[i] = i;
  uint32_t count = n;
  int err = bpf_map_delete_batch(fd, keys, &count, NULL);
  if (err) die("bpf_map_delete_batch", err);
}

static uint64_t drain(int fd) {
  uint64_t sum = 0, token = 0;
  uint32_t got = 0;
  void *in = NULL;
  for (;;) {
    uint32_t count = n;
    int err = bpf_map_lookup_and_delete_batch(fd, in, &token, out_keys, out_values, &count, NULL);
    for (uint32_t i = 0; i < count; i++) sum += out_values[i].bytes;
    got += count;
    if (err == -ENOENT) break;
    if (err) die("bpf_map_lookup_and_delete_batch", err);
    in = &token;
  }
  if (got != n) {
    fprintf(stderr, "drained %u entries, not %u\n", got, n);
    exit(1);
  }
  return sum;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: bench_batch <pinned map> <entries> <warm-up> <runs>\n");
    return 2;
  }
  int fd = bpf_obj_get(argv[1]);
  if (fd < 0) die("bpf_obj_get", -errno);
  n = (uint32_t)atoi(argv[2]);
  int warmup = atoi(argv[3]), runs = atoi(argv[4]);
  keys = calloc(n, sizeof(*keys));
  values = calloc(n, sizeof(*values));
  out_keys = calloc(n, sizeof(*out_keys));
  out_values = calloc(n, sizeof(*out_values));
  uint64_t *update = calloc(runs, 8), *del = calloc(runs, 8), *dr = calloc(runs, 8);
  uint64_t checksum = 0;
  for (int r = 0; r < warmup + runs; r++) {
    uint64_t t0 = now_ns();
    fill(fd);
    uint64_t t1 = now_ns();
    remove_all(fd);
    uint64_t t2 = now_ns();
    fill(fd);
    uint64_t t3 = now_ns();
    checksum += drain(fd);
    uint64_t t4 = now_ns();
    if (r >= warmup) {
      update[r - warmup] = t1 - t0;
      del[r - warmup] = t2 - t1;
      dr[r - warmup] = t4 - t3;
    }
  }
  qsort(update, runs, 8, cmp_u64);
  qsort(del, runs, 8, cmp_u64);
  qsort(dr, runs, 8, cmp_u64);
  printf("update_ns=%llu delete_ns=%llu drain_ns=%llu checksum=%llu\n",
         (unsigned long long)update[runs / 2], (unsigned long long)del[runs / 2],
         (unsigned long long)dr[runs / 2], (unsigned long long)checksum);
  return 0;
}
