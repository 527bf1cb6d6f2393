/* The kernel definitions the packet-action twins need, written out (no installed BPF headers). */
#ifndef BPF4J_PACKET_DEFS_H
#define BPF4J_PACKET_DEFS_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

#define XDP_PASS 2
#define XDP_TX 3
#define XDP_REDIRECT 4
#define TC_ACT_OK 0
#define BPF_F_MARK_MANGLED_0 (1ULL << 5)
#define BPF_MAP_TYPE_DEVMAP 14

#define bpf_htons(x) __builtin_bswap16(x)

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

static long (*bpf_skb_store_bytes)(void *skb, __u32 offset, const void *from, __u32 len,
                                   __u64 flags) = (void *)9;
static long (*bpf_l4_csum_replace)(void *skb, __u32 offset, __u64 from, __u64 to,
                                   __u64 flags) = (void *)11;
static long (*bpf_redirect_map)(void *map, __u64 key, __u64 flags) = (void *)51;

#endif
