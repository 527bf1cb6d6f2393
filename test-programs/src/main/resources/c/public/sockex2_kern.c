/* Our C twin of corpus/open/Sockex2.java, a Java port of the logic of the kernel's
 * samples/bpf/sockex2_kern.c (GPL-2.0); written for bpf4j, not copied.
 *
 * A socket filter (on a packet socket, so offset 0 is the Ethernet header) that dissects each
 * packet with LD_ABS reads -- 802.1ad then 802.1Q tag, IPv4 or IPv6, one GRE, IPIP or IPv6
 * tunnel level, the transport ports -- and counts packets per destination address in hash_map.
 * It always returns 0.
 *
 * Every function is inlined into the program on purpose: a failed LD_ABS ends only the BPF
 * function it is in, so a separate subprogram would give its caller 0 and let the dissector go on
 * with a half-read flow. Inlined, a read past the end ends the whole program before anything is
 * counted, which is what the Java port does. */
#include "public_defs.h"

#define IP_FRAGMENT_BITS 0x3FFF
#define IPV4_NO_OPTIONS 0x45

/* What the dissector learns; only dst is used as the key, the rest is read for the same reads
 * (and the same chances to run past the end) as the port. */
struct flow {
  __be32 src;
  __be32 dst;
  __be32 ports;
  __u16 thoff;
  __u8 ip_proto;
};

/* Packets per IPv4 destination (or per folded IPv6 destination). */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __be32);
  __type(value, long);
  __uint(max_entries, 1024);
} hash_map SEC(".maps");

/* Where the 32-bit port pair starts behind the transport header's start: AH keeps it 4 bytes
 * further; for every other protocol the port reads at offset 0, as the port does. */
static __always_inline __u32 ports_at(__u64 ip_proto) {
  return ip_proto == IPPROTO_AH ? 4 : 0;
}

/* An IPv6 address folded into one word: the XOR of its four big-endian words. */
static __always_inline __u32 fold_ipv6_addr(struct __sk_buff *skb, __u64 at) {
  return load_word(skb, at) ^ load_word(skb, at + 4) ^ load_word(skb, at + 8) ^
         load_word(skb, at + 12);
}

/* Reads the IPv4 header at off into the flow and returns where its payload starts. A fragment
 * reports protocol 0 (its ports are not there); under GRE the addresses are left to the inner
 * header. */
static __always_inline __u64 take_ipv4(struct __sk_buff *skb, __u64 off, __u64 *ip_proto,
                                       struct flow *flow) {
  __u64 first_byte;

  if (load_half(skb, off + offsetof(struct iphdr, frag_off)) & IP_FRAGMENT_BITS)
    *ip_proto = 0;
  else
    *ip_proto = load_byte(skb, off + offsetof(struct iphdr, protocol));
  if (*ip_proto != IPPROTO_GRE) {
    flow->src = load_word(skb, off + offsetof(struct iphdr, saddr));
    flow->dst = load_word(skb, off + offsetof(struct iphdr, daddr));
  }
  first_byte = load_byte(skb, off);
  if (first_byte == IPV4_NO_OPTIONS)
    return off + sizeof(struct iphdr);
  return off + ((first_byte & 0xF) << 2);
}

static __always_inline __u64 take_ipv6(struct __sk_buff *skb, __u64 off, __u64 *ip_proto,
                                       struct flow *flow) {
  *ip_proto = load_byte(skb, off + offsetof(struct ipv6hdr, nexthdr));
  flow->src = fold_ipv6_addr(skb, off + offsetof(struct ipv6hdr, saddr));
  flow->dst = fold_ipv6_addr(skb, off + offsetof(struct ipv6hdr, daddr));
  return off + sizeof(struct ipv6hdr);
}

/* The network header at off with EtherType proto, or false if it is neither IPv4 nor IPv6. */
static __always_inline bool take_l3(struct __sk_buff *skb, __u64 proto, __u64 *off,
                                    __u64 *ip_proto, struct flow *flow) {
  if (proto == ETH_P_IP)
    *off = take_ipv4(skb, *off, ip_proto, flow);
  else if (proto == ETH_P_IPV6)
    *off = take_ipv6(skb, *off, ip_proto, flow);
  else
    return false;
  return true;
}

static __always_inline bool dissect(struct __sk_buff *skb, struct flow *flow) {
  __u64 off = ETH_HLEN;
  __u64 ip_proto = 0;
  __u64 proto = load_half(skb, offsetof(struct ethhdr, h_proto));

  /* One service tag, then one customer tag; each is 4 bytes, its inner EtherType in the last 2. */
  if (proto == ETH_P_8021AD) {
    proto = load_half(skb, off + 2);
    off += 4;
  }
  if (proto == ETH_P_8021Q) {
    proto = load_half(skb, off + 2);
    off += 4;
  }
  if (!take_l3(skb, proto, &off, &ip_proto, flow))
    return false;

  if (ip_proto == IPPROTO_GRE) {
    __u64 gre_flags = load_half(skb, off);
    __u64 inner = load_half(skb, off + 2);

    /* Version and routing bits set: a GRE we do not follow; the outer flow is kept. The GRE_*
     * masks are network-order constants against a host-order read (see public_defs.h). */
    if (!(gre_flags & (GRE_VERSION | GRE_ROUTING))) {
      off += 4;
      if (gre_flags & GRE_CSUM)
        off += 4;
      if (gre_flags & GRE_KEY)
        off += 4;
      if (gre_flags & GRE_SEQ)
        off += 4;
      if (inner == ETH_P_8021Q) {
        inner = load_half(skb, off + 2);
        off += 4;
      }
      if (!take_l3(skb, inner, &off, &ip_proto, flow))
        return false;
    }
  } else if (ip_proto == IPPROTO_IPIP) {
    off = take_ipv4(skb, off, &ip_proto, flow);
  } else if (ip_proto == IPPROTO_IPV6) {
    off = take_ipv6(skb, off, &ip_proto, flow);
  }

  flow->ip_proto = ip_proto;
  off += ports_at(ip_proto);
  flow->ports = load_word(skb, off);
  /* Nothing uses the ports, and clang drops an LD_ABS whose value is unused; but whether this
   * read runs past the end decides whether the packet is counted, so it must stay. (The source
   * address reads need no such care: the destination read right after them lies further in.) */
  asm volatile("" : : "r"(flow->ports));
  flow->thoff = off;
  return true;
}

SEC("socket")
int bpf_prog2(struct __sk_buff *skb) {
  struct flow flow = {};
  __be32 dst;
  long *seen;

  if (!dissect(skb, &flow))
    return 0;
  dst = flow.dst;
  seen = bpf_map_lookup_elem(&hash_map, &dst);
  if (seen) {
    __sync_fetch_and_add(seen, 1);
  } else {
    long first = 1;

    bpf_map_update_elem(&hash_map, &dst, &first, BPF_ANY);
  }
  return 0;
}

char _license[] SEC("license") = "GPL";
