/* Our C twin of corpus/open/Sockex3.java, a Java port of the logic of the kernel's
 * samples/bpf/sockex3_kern.c (GPL-2.0); written for bpf4j, not copied.
 *
 * A flow dissector split over five socket filters that hand the packet on with tail calls
 * through jmp_table (user space fills slot 1 VLAN, 2 MPLS, 3 IPv4, 4 IPv6). Between them the
 * parse offset and the flow so far live in this CPU's slot of percpu_map; the IPv4/IPv6 parsers
 * count packets and bytes per (addresses, ports, protocol) in hash_map. All return 0.
 *
 * Helpers are inlined, so that a read past the end (LD_ABS) ends the whole program, as in the
 * Java port, and not just a subprogram whose caller would go on. */
#include "public_defs.h"

#define BPF_MAP_TYPE_PROG_ARRAY 3

static __u32 (*bpf_get_smp_processor_id)(void) = (void *)8;
static long (*bpf_tail_call)(void *ctx, void *prog_array_map, __u32 index) = (void *)12;

#define ETH_P_MPLS_UC 0x8847
#define ETH_P_MPLS_MC 0x8848
#define MPLS_BOTTOM_OF_STACK 0x00000100 /* the S bit of a label stack entry */
#define IP_FRAGMENT_BITS 0x3FFF

/* jmp_table slots, as user space fills them. */
enum { SLOT_VLAN = 1, SLOT_MPLS = 2, SLOT_IPV4 = 3, SLOT_IPV6 = 4 };

/* hash_map's key: 16 bytes, the layout the Java port's FlowKeys has. */
struct flow_key {
  __be32 src;
  __be32 dst;
  __be32 ports;
  __u32 ip_proto;
};

/* What one parser leaves for the next: the flow so far, then the offset to go on from. */
struct parse_state {
  struct flow_key flow;
  __u32 nhoff;
};

struct flow_stats {
  __u64 packets;
  __u64 bytes;
};

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __type(key, __u32);
  __type(value, __u32);
  __uint(max_entries, 8);
} jmp_table SEC(".maps");

/* Indexed by CPU number: a tail call stays on its CPU, so each chain has a slot to itself. */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct parse_state);
  __uint(max_entries, 32);
} percpu_map SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, struct flow_key);
  __type(value, struct flow_stats);
  __uint(max_entries, 1024);
} hash_map SEC(".maps");

static __always_inline struct parse_state *my_state(void) {
  __u32 cpu = bpf_get_smp_processor_id();

  return bpf_map_lookup_elem(&percpu_map, &cpu);
}

/* Jumps to the parser for EtherType proto. Returns only if there is none, or its slot is
 * empty; the caller then just ends. */
static __always_inline void hand_on(struct __sk_buff *skb, __u32 proto) {
  switch (proto) {
  case ETH_P_8021Q:
  case ETH_P_8021AD:
    bpf_tail_call(skb, &jmp_table, SLOT_VLAN);
    break;
  case ETH_P_MPLS_UC:
  case ETH_P_MPLS_MC:
    bpf_tail_call(skb, &jmp_table, SLOT_MPLS);
    break;
  case ETH_P_IP:
    bpf_tail_call(skb, &jmp_table, SLOT_IPV4);
    break;
  case ETH_P_IPV6:
    bpf_tail_call(skb, &jmp_table, SLOT_IPV6);
    break;
  }
}

static __always_inline __u32 fold_ipv6_addr(struct __sk_buff *skb, __u32 at) {
  return load_word(skb, at) ^ load_word(skb, at + 4) ^ load_word(skb, at + 8) ^
         load_word(skb, at + 12);
}

/* One more packet (and its length in bytes) for the flow in st. */
static __always_inline void count_flow(struct __sk_buff *skb, struct parse_state *st) {
  struct flow_key key = st->flow;
  struct flow_stats *stats = bpf_map_lookup_elem(&hash_map, &key);

  if (stats) {
    __sync_fetch_and_add(&stats->packets, 1);
    __sync_fetch_and_add(&stats->bytes, skb->len);
  } else {
    struct flow_stats first = {.packets = 1, .bytes = skb->len};

    bpf_map_update_elem(&hash_map, &key, &first, BPF_ANY);
  }
}

/* After an IP header: follow a tunnel, or finish the flow at TCP, UDP or ICMP (which has no
 * ports: the flow keeps whatever ports the state held). st->nhoff is the payload's offset. */
static __always_inline void after_ip(struct __sk_buff *skb, struct parse_state *st,
                                     __u32 ip_proto) {
  __u32 off = st->nhoff;

  switch (ip_proto) {
  case IPPROTO_GRE: {
    __u32 gre_flags = load_half(skb, off);
    __u32 inner = load_half(skb, off + 2);

    /* GRE_* are network-order masks against a host-order read, as the port has them. */
    if (gre_flags & (GRE_VERSION | GRE_ROUTING))
      return;
    off += 4;
    if (gre_flags & GRE_CSUM)
      off += 4;
    if (gre_flags & GRE_KEY)
      off += 4;
    if (gre_flags & GRE_SEQ)
      off += 4;
    st->nhoff = off;
    hand_on(skb, inner);
    return;
  }
  case IPPROTO_IPIP:
    hand_on(skb, ETH_P_IP);
    return;
  case IPPROTO_IPV6:
    hand_on(skb, ETH_P_IPV6);
    return;
  case IPPROTO_TCP:
  case IPPROTO_UDP:
    st->flow.ports = load_word(skb, off);
    st->flow.ip_proto = ip_proto;
    count_flow(skb, st);
    return;
  case IPPROTO_ICMP:
    st->flow.ip_proto = ip_proto;
    count_flow(skb, st);
    return;
  }
}

SEC("socket")
int bpf_func_PARSE_IP(struct __sk_buff *skb) {
  struct parse_state *st = my_state();
  __u32 off, ip_proto;

  if (!st)
    return 0;
  off = st->nhoff;
  if (load_half(skb, off + offsetof(struct iphdr, frag_off)) & IP_FRAGMENT_BITS)
    return 0;
  ip_proto = load_byte(skb, off + offsetof(struct iphdr, protocol));
  /* Under GRE the flow is named by the inner header's addresses. */
  if (ip_proto != IPPROTO_GRE) {
    st->flow.src = load_word(skb, off + offsetof(struct iphdr, saddr));
    st->flow.dst = load_word(skb, off + offsetof(struct iphdr, daddr));
  }
  off += (load_byte(skb, off) & 0xF) << 2;
  st->nhoff = off;
  after_ip(skb, st, ip_proto);
  return 0;
}

SEC("socket")
int bpf_func_PARSE_IPV6(struct __sk_buff *skb) {
  struct parse_state *st = my_state();
  __u32 off, ip_proto;

  if (!st)
    return 0;
  off = st->nhoff;
  ip_proto = load_byte(skb, off + offsetof(struct ipv6hdr, nexthdr));
  st->flow.src = fold_ipv6_addr(skb, off + offsetof(struct ipv6hdr, saddr));
  st->flow.dst = fold_ipv6_addr(skb, off + offsetof(struct ipv6hdr, daddr));
  st->nhoff = off + sizeof(struct ipv6hdr);
  after_ip(skb, st, ip_proto);
  return 0;
}

SEC("socket")
int bpf_func_PARSE_VLAN(struct __sk_buff *skb) {
  struct parse_state *st = my_state();
  __u32 off, inner;

  if (!st)
    return 0;
  off = st->nhoff;
  inner = load_half(skb, off + 2); /* the tag's last two bytes: the EtherType it carries */
  st->nhoff = off + 4;
  hand_on(skb, inner);
  return 0;
}

SEC("socket")
int bpf_func_PARSE_MPLS(struct __sk_buff *skb) {
  struct parse_state *st = my_state();
  __u32 off, entry;

  if (!st)
    return 0;
  off = st->nhoff;
  entry = load_word(skb, off);
  off += 4;
  st->nhoff = off;
  if (!(entry & MPLS_BOTTOM_OF_STACK)) {
    hand_on(skb, ETH_P_MPLS_UC); /* more labels follow */
    return 0;
  }
  /* The port keeps the sample's version test, which looks at the high nibble but compares it
   * with 4 unshifted: it never holds, so everything after the last label is parsed as IPv6. */
  if ((load_byte(skb, off) & 0xF0) == 4)
    hand_on(skb, ETH_P_IP);
  else
    hand_on(skb, ETH_P_IPV6);
  return 0;
}

SEC("socket")
int main_prog(struct __sk_buff *skb) {
  struct parse_state *st = my_state();
  __u32 proto = load_half(skb, offsetof(struct ethhdr, h_proto));

  if (!st)
    return 0;
  st->nhoff = ETH_HLEN;
  hand_on(skb, proto);
  return 0;
}

char _license[] SEC("license") = "GPL";
