/* Our C twin of corpus/open/TestParseTcpHdrOpt.java, a Java port of the logic of
 * tools/testing/selftests/bpf/progs/test_parse_tcp_hdr_opt.c (GPL-2.0); written for bpf4j, not
 * copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_parse_tcp_hdr_opt.c */
#include "public_defs.h"

#define IPV6_HLEN 40
#define TCP_HLEN 20
/* TCP option kinds (RFC 793) */
#define OPT_END 0
#define OPT_NOP 1
/* 0xFD is one of the two kinds RFC 4727 leaves for experiments; this one carries a 4-byte
 * server id after its kind and length bytes */
#define OPT_SERVER_ID 0xFD
#define OPT_SERVER_ID_LEN 6
/* 40 option bytes hold at most this many options worth looking at; also bounds the loop */
#define MAX_OPTIONS 15

/* The last server id found; the test reads it after each run. */
__u32 server_id;

enum opt_step { OPT_STOP = -1, OPT_NEXT = 0, OPT_FOUND = 1 };

/* Where the walk is. __u8 on purpose: the port wraps both fields as bytes, and the byte offset
 * (at most 255) is what keeps every packet read in reach of the verifier's bounds. */
struct opt_walk {
  __u32 found_id;
  __u8 at;
  __u8 left;
};

static __always_inline int step_option(struct xdp_md *xdp, struct opt_walk *walk) {
  void *start = (void *)(long)xdp->data;
  void *end = (void *)(long)xdp->data_end;
  __u8 *opt = start + walk->at;
  if ((void *)(opt + 1) > end) {
    return OPT_STOP;
  }
  __u8 kind = opt[0];
  if (kind == OPT_END) {
    return OPT_STOP;
  }
  if (kind == OPT_NOP) {
    /* one byte, no length field */
    walk->left--;
    walk->at++;
    return OPT_NEXT;
  }
  if (walk->left < 2 || (void *)(opt + 2) > end) {
    return OPT_STOP;
  }
  __u8 len = opt[1];
  if (len > walk->left) {
    return OPT_STOP;
  }
  if (kind == OPT_SERVER_ID) {
    if (len != OPT_SERVER_ID_LEN || (void *)(opt + OPT_SERVER_ID_LEN) > end) {
      return OPT_STOP;
    }
    /* taken as the CPU reads the 4 bytes (little-endian), not in network order: the port's way */
    walk->found_id = *(__u32 *)(opt + 2);
    return OPT_FOUND;
  }
  walk->left -= len;
  walk->at += len;
  return OPT_NEXT;
}

SEC("xdp")
int xdp_ingress_v6(struct xdp_md *xdp) {
  void *start = (void *)(long)xdp->data;
  void *end = (void *)(long)xdp->data_end;
  /* no look at the Ethernet or IPv6 headers: the frame is taken to be IPv6/TCP without
   * extension headers */
  struct tcphdr *tcp = start + ETH_HLEN + IPV6_HLEN;
  if ((void *)(tcp + 1) > end) {
    return XDP_DROP;
  }
  /* a data offset below 5 wraps to a large byte count, as in the port */
  __u8 opt_bytes = tcp->doff * 4 - TCP_HLEN;
  if (opt_bytes < OPT_SERVER_ID_LEN) {
    return XDP_DROP;
  }
  struct opt_walk walk = {
      .found_id = 0,
      .at = ETH_HLEN + IPV6_HLEN + TCP_HLEN,
      .left = opt_bytes,
  };
  for (int i = 0; i < MAX_OPTIONS; i++) {
    if (step_option(xdp, &walk) != OPT_NEXT || walk.left == 0) {
      break;
    }
  }
  if (walk.found_id == 0) {
    return XDP_DROP;
  }
  server_id = walk.found_id;
  return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
