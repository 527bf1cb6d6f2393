/* Declarations shared by bpf4j's C twins of the open corpus (issue 16, the .c files of c/public), written for
 * bpf4j so that the twins build without any installed kernel or libbpf headers. Everything here is
 * a fact of the kernel's ABI or of the BPF object format, spelled out by us: integer widths, the
 * numbers of map types, helpers, EtherTypes, IP protocols and verdicts, and the byte layout of the
 * context and protocol headers (only the fields the twins touch are named, the rest keep their
 * place). Build: clang-19 -O2 -g -target bpf -mcpu=v4 -c <program>.c */
#ifndef BPF4J_PUBLIC_DEFS_H
#define BPF4J_PUBLIC_DEFS_H

/* ---- integer types, under the names the kernel's UAPI headers use ---- */
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef long long __s64;
/* Big-endian ("network order") values; only a reminder, the compiler does not check it. */
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __u16 uint16_t;
typedef __u64 uint64_t;
typedef _Bool bool;
#define true 1
#define false 0

/* ---- the object-file conventions the loader reads ---- */
/* Programs and maps are found by ELF section: a program's section names its type ("xdp", "tc",
 * "socket"), maps live in ".maps", the license string in "license". */
#define SEC(name) __attribute__((section(name), used))
/* A map in ".maps" is a struct whose members only carry BTF: an integer attribute (type,
 * max_entries) is the length of an array a member points to, the key and value types are what
 * their members point to. */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __always_inline inline __attribute__((always_inline))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define offsetof(type, member) __builtin_offsetof(type, member)
#define memcpy __builtin_memcpy
/* BPF here runs little-endian: host to network order is a byte swap. */
#define htons(x) ((__u16)__builtin_bswap16(x))
#define htonl(x) ((__u32)__builtin_bswap32(x))

/* ---- kernel numbers (uapi bpf.h, if_ether.h, in.h, icmp.h, pkt_cls.h) ---- */
#define BPF_MAP_TYPE_HASH 1
#define BPF_MAP_TYPE_ARRAY 2
#define BPF_MAP_TYPE_PERCPU_ARRAY 6
#define BPF_ANY 0

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8

#define IPPROTO_ICMP 1
#define IPPROTO_IPIP 4
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_DCCP 33
#define IPPROTO_IPV6 41
#define IPPROTO_GRE 47
#define IPPROTO_ESP 50
#define IPPROTO_AH 51
#define IPPROTO_SCTP 132
#define IPPROTO_UDPLITE 136

/* The GRE header flag bits. uapi if_tunnel.h gives them in network byte order, and the programs
 * ported from samples/bpf test them against a host-order load_half: the twins keep both facts, so
 * on this little-endian target each mask lands on a different bit than its name says. */
#define GRE_CSUM htons(0x8000)
#define GRE_ROUTING htons(0x4000)
#define GRE_KEY htons(0x2000)
#define GRE_SEQ htons(0x1000)
#define GRE_VERSION htons(0x0007)

#define ICMP_DEST_UNREACH 3
#define ICMP_FRAG_NEEDED 4

#define TC_ACT_OK 0
#define TC_ACT_SHOT 2
#define XDP_ABORTED 0
#define XDP_DROP 1
#define XDP_PASS 2
#define XDP_TX 3

/* An LD_ABS/LD_IND offset this far below zero counts from the link-layer (MAC) header. */
#define BPF_LL_OFF (-0x200000)

/* ---- program contexts: the field order is the ABI, the verifier maps each offset ---- */
struct __sk_buff {
  __u32 len;
  __u32 pkt_type;
  __u32 mark;
  __u32 queue_mapping;
  __u32 protocol;
  __u32 vlan_present;
  __u32 vlan_tci;
  __u32 vlan_proto;
  __u32 priority;
  __u32 ingress_ifindex;
  __u32 ifindex;
  __u32 tc_index;
  __u32 cb[5];
  __u32 hash;
  __u32 tc_classid;
  __u32 data;
  __u32 data_end;
};

struct xdp_md {
  __u32 data;
  __u32 data_end;
  __u32 data_meta;
  __u32 ingress_ifindex;
  __u32 rx_queue_index;
  __u32 egress_ifindex;
};

/* ---- wire headers; multi-byte fields are big-endian on the wire ---- */
struct ethhdr {
  unsigned char h_dest[ETH_ALEN];
  unsigned char h_source[ETH_ALEN];
  __be16 h_proto;
} __attribute__((packed));

struct iphdr {
  __u8 ihl : 4, version : 4; /* low nibble first: the little-endian bitfield order */
  __u8 tos;
  __be16 tot_len;
  __be16 id;
  __be16 frag_off;
  __u8 ttl;
  __u8 protocol;
  __u16 check;
  __be32 saddr;
  __be32 daddr;
};

struct ipv6hdr {
  __u8 priority : 4, version : 4;
  __u8 flow_lbl[3];
  __be16 payload_len;
  __u8 nexthdr;
  __u8 hop_limit;
  __u8 saddr[16];
  __u8 daddr[16];
};

struct tcphdr {
  __be16 source;
  __be16 dest;
  __be32 seq;
  __be32 ack_seq;
  /* data offset and flags as a little-endian compiler lays out the bits of bytes 12 and 13 */
  __u16 res1 : 4, doff : 4, fin : 1, syn : 1, rst : 1, psh : 1, ack : 1, urg : 1, ece : 1,
      cwr : 1;
  __be16 window;
  __u16 check;
  __be16 urg_ptr;
};

struct udphdr {
  __be16 source;
  __be16 dest;
  __be16 len;
  __u16 check;
};

struct icmphdr {
  __u8 type;
  __u8 code;
  __u16 checksum;
  union { /* bytes 4..7 mean different things per ICMP type */
    struct {
      __be16 id;
      __be16 sequence;
    } echo;
    __be32 gateway;
    struct {
      __be16 __unused;
      __be16 mtu;
    } frag;
  } un;
};

/* ---- helpers: a call to a pointer holding the helper's number becomes "call <number>" ---- */
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) =
    (void *)2;
static long (*bpf_skb_store_bytes)(void *skb, __u32 offset, const void *from, __u32 len,
                                   __u64 flags) = (void *)9;
static long (*bpf_l3_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to,
                                   __u64 size) = (void *)10;
static long (*bpf_l4_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to,
                                   __u64 flags) = (void *)11;
static long (*bpf_csum_diff)(__be32 *from, __u32 from_size, __be32 *to, __u32 to_size,
                             __u32 seed) = (void *)28;
static long (*bpf_xdp_adjust_head)(struct xdp_md *xdp_md, int delta) = (void *)44;
static long (*bpf_xdp_adjust_tail)(struct xdp_md *xdp_md, int delta) = (void *)65;

/* ---- LD_ABS / LD_IND through clang's BPF intrinsics ----
 * Each reads 1, 2 or 4 bytes at an offset of a socket buffer and gives them in host order (the
 * instruction byte-swaps the big-endian bytes). A read past the end is not an error the program
 * sees: the kernel ends the running (sub)program with return value 0. */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

#endif
