/* Our C twin of corpus/open/TestXdpVlan.java, a Java port of the logic of
 * tools/testing/selftests/bpf/progs/test_xdp_vlan.c (GPL-2.0); written for bpf4j, not copied.
 * Built with: clang-19 -O2 -g -target bpf -mcpu=v4 -c test_xdp_vlan.c */
#include "public_defs.h"

#define VLAN_TAG_LEN 4
#define VLAN_ID_BITS 0x0fff
#define VLAN_PCP_DEI_BITS 0xf000
#define WATCHED_VLAN 4011 /* 0xFAB */
#define REPLACEMENT_VLAN 0

/* bpf_skb_vlan_push, helper 18 of uapi bpf.h */
static long (*push_vlan_tag)(struct __sk_buff *skb, __be16 vlan_proto, __u16 vlan_tci) =
    (void *)18;

/* network to host order of a 16-bit field (a little-endian target) */
static __always_inline __u16 host16(__be16 v) { return __builtin_bswap16(v); }

/* the 4 bytes of an 802.1Q/802.1ad tag after the outer EtherType */
struct vlan_tag {
  __be16 tci;
  __be16 inner_proto;
};

/* What parse_frame found. Field order and widths follow the Java port's ParsePkt, so that both
 * builds zero and fill the same stack bytes. Offsets are from the frame start; 0 = no such tag. */
struct frame_info {
  __u16 l3_proto;
  __u16 l3_off;
  __u16 outer_vid;
  __u16 inner_vid;
  __u8 outer_off;
  __u8 inner_off;
};

static __always_inline bool is_vlan_proto(__u16 proto) {
  return proto == ETH_P_8021Q || proto == ETH_P_8021AD;
}

/* Reads up to two tags. Every frame must be long enough for the Ethernet header and two tags,
 * tagged or not: that bound is what lets the reads below go unchecked. */
static __always_inline bool parse_frame(struct xdp_md *ctx, struct frame_info *info) {
  void *start = (void *)(long)ctx->data;
  void *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = start;
  __u32 off = ETH_HLEN;
  if (start + ETH_HLEN + 2 * VLAN_TAG_LEN > end) {
    return false;
  }
  __u16 proto = host16(eth->h_proto);
  if (is_vlan_proto(proto)) {
    struct vlan_tag *tag = start + off;
    info->outer_off = off;
    info->outer_vid = host16(tag->tci) & VLAN_ID_BITS;
    proto = host16(tag->inner_proto);
    off += VLAN_TAG_LEN;
  }
  if (is_vlan_proto(proto)) {
    struct vlan_tag *tag = start + off;
    info->inner_off = off;
    info->inner_vid = host16(tag->tci) & VLAN_ID_BITS;
    proto = host16(tag->inner_proto);
    off += VLAN_TAG_LEN;
  }
  info->l3_proto = proto;
  info->l3_off = off;
  return true;
}

/* Program 0: a frame on the watched VLAN is refused (XDP_ABORTED), everything else passes. */
SEC("xdp")
int xdp_prognum0(struct xdp_md *ctx) {
  struct frame_info info = {};
  if (!parse_frame(ctx, &info)) {
    return XDP_ABORTED;
  }
  return info.outer_vid == WATCHED_VLAN ? XDP_ABORTED : XDP_PASS;
}

/* Program 1: the watched VLAN's outer tag is rewritten to the replacement ID; priority and DEI
 * (the TCI's top 4 bits) stay. */
SEC("xdp")
int xdp_prognum1(struct xdp_md *ctx) {
  struct frame_info info = {};
  if (!parse_frame(ctx, &info)) {
    return XDP_ABORTED;
  }
  if (info.outer_vid == WATCHED_VLAN) {
    void *start = (void *)(long)ctx->data;
    struct vlan_tag *tag = start + info.outer_off;
    tag->tci = htons((host16(tag->tci) & VLAN_PCP_DEI_BITS) | REPLACEMENT_VLAN);
  }
  return XDP_PASS;
}

/* Program 2: the outer tag goes. The two MAC addresses move 4 bytes towards the payload, over
 * the outer EtherType and TCI, so that the tag's inner EtherType becomes the frame's; then the
 * frame start moves past the 4 stale bytes. */
SEC("xdp")
int xdp_prognum2(struct xdp_md *ctx) {
  struct frame_info info = {};
  if (!parse_frame(ctx, &info)) {
    return XDP_ABORTED;
  }
  if (info.outer_off == 0) {
    return XDP_PASS;
  }
  void *start = (void *)(long)ctx->data;
  /* source and destination overlap by 8 bytes: a move, not a copy */
  __builtin_memmove(start + VLAN_TAG_LEN, start, 2 * ETH_ALEN);
  bpf_xdp_adjust_head(ctx, VLAN_TAG_LEN);
  return XDP_PASS;
}

/* Program 3: the same result as program 2, the MACs moved as three 32-bit words, last one first
 * so that no word is overwritten before it is read. */
SEC("xdp")
int xdp_prognum3(struct xdp_md *ctx) {
  struct frame_info info = {};
  if (!parse_frame(ctx, &info)) {
    return XDP_ABORTED;
  }
  if (info.outer_off == 0) {
    return XDP_PASS;
  }
  __u32 *words = (void *)(long)ctx->data;
  for (int i = 3; i > 0; i--) {
    words[i] = words[i - 1];
  }
  bpf_xdp_adjust_head(ctx, VLAN_TAG_LEN);
  return XDP_PASS;
}

/* tc: every packet gets an 802.1Q tag for the watched VLAN; the helper's result is not checked. */
SEC("tc")
int _tc_progA(struct __sk_buff *skb) {
  push_vlan_tag(skb, htons(ETH_P_8021Q), WATCHED_VLAN);
  return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
