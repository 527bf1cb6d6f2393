/* The internet checksum of the IPv4 header over a stack copy (see corpus/classic/IpChecksum.java).
 * Built by the tests with: clang-19 -O2 -g -target bpf -mcpu=v4 -c ip_checksum.c */
#include "classic_defs.h"

#define IP_HLEN 20

struct Tally {
  __u64 headers;
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 2);
  __type(key, int);
  __type(value, struct Tally);
} tally SEC(".maps");

static __noinline __u32 fold(__u32 sum) {
  for (int k = 0; k < 4 && (sum >> 16) != 0; k++)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

SEC("socket")
int checksum(struct __sk_buff *skb) {
  __u8 hdr[IP_HLEN];
  long err = bpf_skb_load_bytes(skb, 0, hdr, sizeof(hdr));
  if (err < 0)
    return err;
  __u32 stored = (hdr[10] << 8) | hdr[11];
  hdr[10] = 0;
  hdr[11] = 0;
  __u32 sum = 0;
  for (int i = 0; i < IP_HLEN; i += 2)
    sum += (hdr[i] << 8) | hdr[i + 1];
  __u32 csum = ~fold(sum) & 0xffff;
  int key = csum == stored ? 0 : 1;
  struct Tally *t = bpf_map_lookup_elem(&tally, &key);
  if (t)
    __sync_fetch_and_add(&t->headers, 1);
  return csum;
}

char _license[] SEC("license") = "GPL";
