/* An XDP filter dropping UDP to one port and counting drops per CPU (see
 * corpus/classic/UdpPortFilter.java). Direct packet access; a frame that ends before a field the
 * filter reads is aborted (XDP_ABORTED, 0), as the Java version's packet reads do.
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c udp_port_filter.c */
#include "classic_defs.h"

struct Config {
  __u32 port;
};

struct Drops {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, int);
  __type(value, struct Config);
} config SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, int);
  __type(value, struct Drops);
} drops SEC(".maps");

SEC("xdp")
int udpFilter(struct xdp_md *ctx) {
  __u8 *data = (__u8 *)(long)ctx->data;
  __u8 *end = (__u8 *)(long)ctx->data_end;
  int key = 0;

  if (data + ETH_HLEN > end)
    return XDP_ABORTED;
  if (((data[12] << 8) | data[13]) != ETH_P_IP)
    return XDP_PASS;
  __u8 *ip = data + ETH_HLEN;
  if (ip + 10 > end)
    return XDP_ABORTED;
  if (ip[9] != IPPROTO_UDP)
    return XDP_PASS;
  __u32 ihl = (ip[0] & 0xf) << 2;
  __u8 *udp = ip + ihl;
  if (udp + 4 > end)
    return XDP_ABORTED;
  __u32 dport = (udp[2] << 8) | udp[3];
  struct Config *c = bpf_map_lookup_elem(&config, &key);
  if (!c || c->port == 0 || dport != c->port)
    return XDP_PASS;
  struct Drops *d = bpf_map_lookup_elem(&drops, &key);
  if (d) {
    d->packets++;
    d->bytes += end - data;
  }
  return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
