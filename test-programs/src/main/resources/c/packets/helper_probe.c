/* Calls the packet helpers with arguments taken from the frame itself, so that random frames reach
 * every edge; integration-tests' HelperSemanticsTest runs these with BPF_PROG_TEST_RUN and the same
 * frames through bpf-testing's simulated contexts, and compares return values and data_out.
 * Arguments sit at offset 14 (after the Ethernet header): op, flags, then values in host order. */
#include "packet_defs.h"

static long (*bpf_l3_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to,
                                   __u64 flags) = (void *)10;
static long (*bpf_csum_diff)(void *from, __u32 from_size, void *to, __u32 to_size,
                             __u32 seed) = (void *)28;
static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *)23;
static long (*bpf_xdp_adjust_head)(void *ctx, int delta) = (void *)44;
static long (*bpf_xdp_adjust_meta)(void *ctx, int delta) = (void *)54;
static long (*bpf_xdp_adjust_tail)(void *ctx, int delta) = (void *)65;
static long (*bpf_skb_change_tail)(void *skb, __u32 len, __u64 flags) = (void *)38;
static long (*bpf_skb_change_head)(void *skb, __u32 len, __u64 flags) = (void *)43;
static long (*bpf_skb_adjust_room)(void *skb, int len_diff, __u32 mode, __u64 flags) =
    (void *)50;

struct args {
  __u8 op;
  __u8 flags;
  __u16 a;
  __u32 b;
  __u32 c;
  __u32 d;
} __attribute__((packed));

#define ARGS(data, data_end)                                   \
  struct args *args = (void *)(data) + 14;                     \
  if ((void *)(args + 1) > (void *)(data_end)) {               \
    return 1000;                                               \
  }

/* op 0: adjust_head(b), 1: adjust_tail(b), 2: adjust_meta(b), 3: adjust_meta(b) then
 * adjust_head(c); returns the (last) helper's result. */
SEC("xdp")
int xdpAdjust(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  ARGS(data, data_end);
  __u8 op = args->op;
  int b = args->b;
  int c = args->c;
  switch (op & 3) {
    case 0:
      return bpf_xdp_adjust_head(ctx, b);
    case 1:
      return bpf_xdp_adjust_tail(ctx, b);
    case 2:
      return bpf_xdp_adjust_meta(ctx, b);
    default: {
      long r = bpf_xdp_adjust_meta(ctx, b);
      if (r) {
        return 2000 + r;
      }
      return bpf_xdp_adjust_head(ctx, c);
    }
  }
}

/* csum_diff(from = frame[24, 24 + (flags & 31)), to = frame[56, 56 + (a & 31)), seed = b); its
 * result is also written over frame[14, 18). */
SEC("xdp")
int xdpCsumDiff(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if (data + 88 > data_end) {
    return 1000;
  }
  struct args *args = data + 14;
  __u32 from_size = args->flags & 31;
  __u32 to_size = args->a & 31;
  long r = bpf_csum_diff(data + 24, from_size, data + 56, to_size, args->b);
  *(__u32 *)(data + 14) = (__u32)r;
  return (__u32)r;
}

/* bpf_redirect(b, c) in XDP. */
SEC("xdp")
int xdpRedirect(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  ARGS(data, data_end);
  return bpf_redirect(args->b, args->c);
}

/* bpf_redirect(b, c) in tc. */
SEC("tc")
int tcRedirect(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  ARGS(data, data_end);
  return bpf_redirect(args->b, args->c);
}

/* op bit 0 clear: l3_csum_replace(a, b, c, flags), set: l4_csum_replace(a, b, c, flags). */
SEC("tc")
int tcCsumReplace(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  ARGS(data, data_end);
  __u32 off = args->a;
  __u64 from = args->b;
  __u64 to = args->c;
  __u64 flags = args->flags;
  if (args->op & 1) {
    return bpf_l4_csum_replace(skb, off, from, to, flags);
  }
  return bpf_l3_csum_replace(skb, off, from, to, flags);
}

/* op 0: change_tail(a, flags & 1), 1: change_head(a & 0xff, flags & 1), 2 and 3: adjust_room(
 * (short) a, op & 1 ? MAC : NET... mode = b, flags = c widened with d in the upper half). */
SEC("tc")
int tcResize(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  ARGS(data, data_end);
  __u8 op = args->op & 3;
  __u32 a = args->a;
  __u32 b = args->b;
  __u64 flags = ((__u64)args->d << 32) | args->c;
  __u8 f = args->flags & 1;
  if (op == 0) {
    return bpf_skb_change_tail(skb, a, f);
  }
  if (op == 1) {
    return bpf_skb_change_head(skb, a & 0xff, f);
  }
  return bpf_skb_adjust_room(skb, (short)a, b, flags);
}

char _license[] SEC("license") = "GPL";
