/* The libbpf conventions and helpers the attach fixtures use, written out (no system headers). */
#ifndef BPF4J_ATTACH_DEFS_H
#define BPF4J_ATTACH_DEFS_H

typedef unsigned int __u32;
typedef unsigned long long __u64;

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

#define BPF_MAP_TYPE_HASH 1
#define BPF_ANY 0

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) =
    (void *)2;
static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;

/* A HASH map of event counts by process id (tgid). */
#define COUNTS_BY_PID(name)                                                                      \
  struct {                                                                                       \
    __uint(type, BPF_MAP_TYPE_HASH);                                                             \
    __uint(max_entries, 4096);                                                                   \
    __type(key, __u32);                                                                          \
    __type(value, __u64);                                                                        \
  } name SEC(".maps")

static inline void count_for_current_process(void *map) {
  __u32 pid = bpf_get_current_pid_tgid() >> 32;
  __u64 *n = bpf_map_lookup_elem(map, &pid);
  if (n) {
    __sync_fetch_and_add(n, 1);
  } else {
    __u64 one = 1;
    bpf_map_update_elem(map, &pid, &one, BPF_ANY);
  }
}

#endif
