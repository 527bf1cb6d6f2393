/* The clang twin of examples' XdpReflector: swap MACs, IPv4 addresses and ports, XDP_TX. */
#include "packet_defs.h"

SEC("xdp")
int reflect(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  __u8 *p = data;
  if (data + 38 > data_end) {
    return XDP_PASS;
  }
  if (p[12] != 0x08 || p[13] != 0x00 || p[14] != 0x45) {
    return XDP_PASS;
  }
  if (p[23] != 17 && p[23] != 6) {
    return XDP_PASS;
  }
  __u8 mac[6];
  __builtin_memcpy(mac, p, 6);
  __builtin_memcpy(p, p + 6, 6);
  __builtin_memcpy(p + 6, mac, 6);
  __u32 *ip = (__u32 *)(p + 26);
  __u32 src = ip[0];
  ip[0] = ip[1];
  ip[1] = src;
  __u16 *port = (__u16 *)(p + 34);
  __u16 sport = port[0];
  port[0] = port[1];
  port[1] = sport;
  return XDP_TX;
}

char _license[] SEC("license") = "GPL";
