/* Redirect maps as libbpf declares them (BTF-defined, with BTF key and value types, which the
 * kernel refuses for these map kinds, so the loader must retry without): a DEVMAP, a DEVMAP_HASH,
 * a CPUMAP and an XSKMAP, and an XDP program that sends every frame through the DEVMAP's key 0. */
#include "packet_defs.h"

#define BPF_MAP_TYPE_CPUMAP 16
#define BPF_MAP_TYPE_XSKMAP 17
#define BPF_MAP_TYPE_DEVMAP_HASH 25

struct {
  __uint(type, BPF_MAP_TYPE_DEVMAP);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u32);
} ports SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u32);
} ports_by_id SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_CPUMAP);
  __uint(max_entries, 2);
  __type(key, __u32);
  __type(value, __u32);
} cpus SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_XSKMAP);
  __uint(max_entries, 2);
  __type(key, __u32);
  __type(value, __u32);
} sockets SEC(".maps");

SEC("xdp")
int viaDevmap(struct xdp_md *ctx) {
  return bpf_redirect_map(&ports, 0, XDP_PASS);
}

SEC("xdp")
int viaCpumap(struct xdp_md *ctx) {
  return bpf_redirect_map(&cpus, 0, XDP_PASS);
}

SEC("xdp")
int viaXskmap(struct xdp_md *ctx) {
  return bpf_redirect_map(&sockets, ctx->rx_queue_index, XDP_PASS);
}

SEC("xdp")
int viaDevmapHash(struct xdp_md *ctx) {
  return bpf_redirect_map(&ports_by_id, 7, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
