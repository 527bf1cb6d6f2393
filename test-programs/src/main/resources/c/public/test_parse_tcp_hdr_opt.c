/* Origin: the Linux kernel, tools/testing/selftests/bpf/progs/test_parse_tcp_hdr_opt.c (GPL-2.0;
 * its parsing logic is taken, as it says, from katran's pckt_parsing.h): looks through at most 15
 * TCP options of an IPv6/TCP frame for the experimental option 0xFD of length 6 and stores the
 * server id it carries in a global; XDP_PASS when it finds a non-zero one, XDP_DROP otherwise.
 * Adapted only where this build needs it: the definitions come from public_defs.h instead of
 * kernel and libbpf headers (TCPOPT_EOL and TCPOPT_NOP from test_tcp_hdr_options.h written out);
 * the rest is the selftest's. Its Java port is corpus/open/TestParseTcpHdrOpt.java.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_parse_tcp_hdr_opt.c */
#include "public_defs.h"

#define TCPOPT_EOL 0
#define TCPOPT_NOP 1

char _license[] SEC("license") = "GPL";

/* Kind number used for experiments */
const __u32 tcp_hdr_opt_kind_tpr = 0xFD;
/* Length of the tcp header option */
const __u32 tcp_hdr_opt_len_tpr = 6;
/* maximum number of header options to check to lookup server_id */
const __u32 tcp_hdr_opt_max_opt_checks = 15;

__u32 server_id;

struct hdr_opt_state {
  __u32 server_id;
  __u8 byte_offset;
  __u8 hdr_bytes_remaining;
};

static int parse_hdr_opt(const struct xdp_md *xdp, struct hdr_opt_state *state) {
  const void *data = (void *)(long)xdp->data;
  const void *data_end = (void *)(long)xdp->data_end;
  __u8 *tcp_opt, kind, hdr_len;
  tcp_opt = (__u8 *)(data + state->byte_offset);
  if ((void *)(tcp_opt + 1) > data_end) {
    return -1;
  }
  kind = tcp_opt[0];
  if (kind == TCPOPT_EOL) {
    return -1;
  }
  if (kind == TCPOPT_NOP) {
    state->hdr_bytes_remaining--;
    state->byte_offset++;
    return 0;
  }
  if (state->hdr_bytes_remaining < 2 || (void *)(tcp_opt + sizeof(__u8) + sizeof(__u8)) > data_end) {
    return -1;
  }
  hdr_len = tcp_opt[1];
  if (hdr_len > state->hdr_bytes_remaining) {
    return -1;
  }
  if (kind == tcp_hdr_opt_kind_tpr) {
    if (hdr_len != tcp_hdr_opt_len_tpr) {
      return -1;
    }
    if ((void *)(tcp_opt + tcp_hdr_opt_len_tpr) > data_end) {
      return -1;
    }
    state->server_id = *(__u32 *)&tcp_opt[2];
    return 1;
  }
  state->hdr_bytes_remaining -= hdr_len;
  state->byte_offset += hdr_len;
  return 0;
}

SEC("xdp")
int xdp_ingress_v6(struct xdp_md *xdp) {
  const void *data = (void *)(long)xdp->data;
  const void *data_end = (void *)(long)xdp->data_end;
  struct hdr_opt_state opt_state = {};
  __u8 tcp_hdr_opt_len = 0;
  struct tcphdr *tcp_hdr;
  __u64 tcp_offset = 0;
  int err;
  tcp_offset = sizeof(struct ethhdr) + sizeof(struct ipv6hdr);
  tcp_hdr = (struct tcphdr *)(data + tcp_offset);
  if ((void *)(tcp_hdr + 1) > data_end) {
    return XDP_DROP;
  }
  tcp_hdr_opt_len = (tcp_hdr->doff * 4) - sizeof(struct tcphdr);
  if (tcp_hdr_opt_len < tcp_hdr_opt_len_tpr) {
    return XDP_DROP;
  }
  opt_state.hdr_bytes_remaining = tcp_hdr_opt_len;
  opt_state.byte_offset = sizeof(struct tcphdr) + tcp_offset;
  /* max number of bytes of options in tcp header is 40 bytes */
  for (int i = 0; i < tcp_hdr_opt_max_opt_checks; i++) {
    err = parse_hdr_opt(xdp, &opt_state);
    if (err || !opt_state.hdr_bytes_remaining) {
      break;
    }
  }
  if (!opt_state.server_id) {
    return XDP_DROP;
  }
  server_id = opt_state.server_id;
  return XDP_PASS;
}
