/* The clang twin of examples' PortRewriter: UDP port 7777 becomes 9999, the checksum follows. */
#include "packet_defs.h"

#define FROM_PORT 7777
#define TO_PORT 9999

SEC("tc")
int rewritePort(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  __u8 *p = data;
  if (data + 34 > data_end) {
    return TC_ACT_OK;
  }
  if (p[12] != 0x08 || p[13] != 0x00 || p[23] != 17) {
    return TC_ACT_OK;
  }
  __u32 ihl = (p[14] & 0x0f) * 4;
  if (ihl < 20) {
    return TC_ACT_OK;
  }
  __u32 udp = 14 + ihl;
  if (data + udp + 8 > data_end) {
    return TC_ACT_OK;
  }
  __u16 *dest = data + udp + 2;
  if (*dest != bpf_htons(FROM_PORT)) {
    return TC_ACT_OK;
  }
  __u16 to = bpf_htons(TO_PORT);
  bpf_l4_csum_replace(skb, udp + 6, bpf_htons(FROM_PORT), to, 2 | BPF_F_MARK_MANGLED_0);
  bpf_skb_store_bytes(skb, udp + 2, &to, 2, 0);
  return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
