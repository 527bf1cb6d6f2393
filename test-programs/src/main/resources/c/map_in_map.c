// Test input for bpf-object's link tests (ClangMapInMapTest): maps of maps as clang writes libbpf's
// __array(values, struct { ... }) — the inner maps' shape is a struct of the usual map-definition
// members, reached through an array of pointers. Checked in as map_in_map.o so the tests need no
// clang; rebuilt from this directory with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -c map_in_map.c -o map_in_map.o
// With -DINITIAL_SLOTS, outer_array's slot 1 is pre-filled with &inner_seed (a relocation in
// .rel.maps against another map), which bpf4j refuses; built as map_in_map_slots.o with
//   clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-compilation-dir=. -DINITIAL_SLOTS -c map_in_map.c \
//     -o map_in_map_slots.o
// count_packet is also the clang twin of integration-tests' corpus MapOfMaps.java: it looks up the
// inner array of the packet's first byte and counts the packet in its slot 0, then marks slot 0 of
// the inner hash of that byte and deletes its slot 1. A frame too short to read ends the program
// with 0, as the Java program's failed packet read does.
#include "bpf_defs.h"

#define __array(name, val) typeof(val) *name[]

#define BPF_MAP_TYPE_HASH 1
#define BPF_MAP_TYPE_ARRAY_OF_MAPS 12
#define BPF_MAP_TYPE_HASH_OF_MAPS 13
#define BPF_F_NO_PREALLOC 1

static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *)3;

struct xdp_md {
  __u32 data;
  __u32 data_end;
  __u32 data_meta;
  __u32 ingress_ifindex;
  __u32 rx_queue_index;
  __u32 egress_ifindex;
};

struct inner_array {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
};

#ifdef INITIAL_SLOTS
struct inner_array inner_seed SEC(".maps");
#endif

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 8);
  __type(key, __u32);
  __array(values, struct inner_array);
} outer_array SEC(".maps")
#ifdef INITIAL_SLOTS
    = {.values = {[1] = &inner_seed}}
#endif
;

struct {
  __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
  __uint(max_entries, 16);
  __type(key, __u32);
  __array(
      values, struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 64);
        __uint(map_flags, BPF_F_NO_PREALLOC);
        __type(key, __u32);
        __type(value, __u64);
      });
} outer_hash SEC(".maps");

SEC("xdp")
int count_packet(struct xdp_md *ctx) {
  unsigned char *data = (unsigned char *)(long)ctx->data;
  unsigned char *end = (unsigned char *)(long)ctx->data_end;
  if (data + 1 > end) {
    return 0;
  }
  __u32 key = data[0];
  void *inner = bpf_map_lookup_elem(&outer_array, &key);
  if (!inner) {
    return 2;
  }
  __u32 slot = 0;
  __u64 *count = bpf_map_lookup_elem(inner, &slot);
  if (count) {
    *count += 1;
  }
  void *by_port = bpf_map_lookup_elem(&outer_hash, &key);
  if (by_port) {
    __u64 one = 1;
    bpf_map_update_elem(by_port, &slot, &one, BPF_ANY);
    __u32 other = 1;
    bpf_map_delete_elem(by_port, &other);
  }
  return 2;
}

char _license[] SEC("license") = "GPL";
