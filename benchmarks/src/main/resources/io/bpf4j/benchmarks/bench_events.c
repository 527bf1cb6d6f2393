/* The C side of RingBufBenchmark and PerfBufferBenchmark: libbpf's ring_buffer (or perf_buffer)
 * consuming the records of a pinned program's pinned map, while a thread (or this thread, first)
 * runs the program with BPF_PROG_TEST_RUN, exactly as the Java side does.
 * Built at benchmark time: gcc -O2 -o bench_events bench_events.c -lbpf -lpthread
 * Usage: bench_events ring|perf drain|flow|paced <prog pin> <map pin> <records> <repeat> [pages]
 *   drain: write all records first, then time reading them (the consumer alone)
 *   flow:  time writing and reading at once (records/s end to end)
 *   paced: one record every 50 us, latency from bpf_ktime_get_ns to receipt
 * Prints: received=N out_of_order=N lost=N ns=N p50=N p99=N */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct event {
  unsigned long long seq;
  unsigned long long when;
  unsigned int len;
  unsigned int cpu;
};

static long long received, out_of_order, lost, next_seq = -1;
static long long *latencies;
static long long total;
static int prog_fd, repeat;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_event(const struct event *e) {
  if (next_seq >= 0 && (long long)e->seq != next_seq) {
    out_of_order++;
  }
  next_seq = e->seq + 1;
  if (latencies && received < total) {
    latencies[received] = now_ns() - (long long)e->when;
  }
  received++;
}

static int on_ring_record(void *ctx, void *data, size_t size) {
  on_event(data);
  return 0;
}

static void on_perf_sample(void *ctx, int cpu, void *data, __u32 size) { on_event(data); }

static void on_perf_lost(void *ctx, int cpu, __u64 count) { lost += count; }

static void test_run(int n) {
  char packet[64] = {0};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = packet, .data_size_in = sizeof(packet),
              .repeat = n);
  if (bpf_prog_test_run_opts(prog_fd, &opts) != 0) {
    perror("bpf_prog_test_run_opts");
    exit(1);
  }
}

static void *produce(void *arg) {
  for (long long done = 0; done < total;) {
    int n = total - done < repeat ? (int)(total - done) : repeat;
    test_run(n);
    done += n;
  }
  return NULL;
}

static void *produce_paced(void *arg) {
  struct timespec gap = {0, 50000};
  for (long long i = 0; i < total; i++) {
    test_run(1);
    nanosleep(&gap, NULL);
  }
  return NULL;
}

static int compare(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: %s ring|perf drain|flow|paced prog map records repeat [pages]\n",
            argv[0]);
    return 2;
  }
  int perf = strcmp(argv[1], "perf") == 0;
  const char *mode = argv[2];
  prog_fd = bpf_obj_get(argv[3]);
  int map_fd = bpf_obj_get(argv[4]);
  total = atoll(argv[5]);
  repeat = atoi(argv[6]);
  int pages = argc > 7 ? atoi(argv[7]) : 64;
  if (prog_fd < 0 || map_fd < 0) {
    perror("bpf_obj_get");
    return 1;
  }
  struct ring_buffer *rb = NULL;
  struct perf_buffer *pb = NULL;
  if (perf) {
    pb = perf_buffer__new(map_fd, pages, on_perf_sample, on_perf_lost, NULL, NULL);
  } else {
    rb = ring_buffer__new(map_fd, on_ring_record, NULL, NULL);
  }
  if (!rb && !pb) {
    perror("ring_buffer__new/perf_buffer__new");
    return 1;
  }
  if (strcmp(mode, "paced") == 0) {
    latencies = calloc(total, sizeof(long long));
  }
  pthread_t producer;
  long long t0;
  if (strcmp(mode, "drain") == 0) {
    produce(NULL);
    t0 = now_ns();
    while (received < total) {
      if (perf) {
        perf_buffer__consume(pb);
      } else {
        ring_buffer__consume(rb);
      }
    }
  } else {
    t0 = now_ns();
    pthread_create(&producer, NULL, strcmp(mode, "paced") == 0 ? produce_paced : produce, NULL);
    long long idle = 0;
    while (received + lost < total && idle < 20) {
      int n = perf ? perf_buffer__poll(pb, 100) : ring_buffer__poll(rb, 100);
      idle = n == 0 ? idle + 1 : 0;
    }
    pthread_join(producer, NULL);
  }
  long long ns = now_ns() - t0;
  long long p50 = 0, p99 = 0;
  if (latencies) {
    long long n = received < total ? received : total;
    qsort(latencies, n, sizeof(long long), compare);
    p50 = latencies[n / 2];
    p99 = latencies[n * 99 / 100];
  }
  printf("received=%lld out_of_order=%lld lost=%lld ns=%lld p50=%lld p99=%lld\n", received,
         out_of_order, lost, ns, p50, p99);
  ring_buffer__free(rb);
  perf_buffer__free(pb);
  return 0;
}
