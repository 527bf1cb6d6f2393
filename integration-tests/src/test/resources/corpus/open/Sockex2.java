package corpus.open;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's samples/bpf/sockex2_kern.c (GPL-2.0, our C twin c/public/sockex2_kern.c):
 * a socket filter with a flow dissector written in LD_ABS reads (802.1ad then 802.1Q tags, IPv4
 * with options and fragments, IPv6 with its addresses folded to one word, GRE, IPIP and IPv6
 * tunnels, the transport ports) that counts packets per destination address in a HASH of 1024
 * longs; it always returns 0, and a read past the packet's end ends it before the count. Written
 * against the sample's C, not tuned to the compiler: the C's {@code __u64 *ip_proto}
 * out-parameter is a one-field {@code @Struct}, {@code struct flow_keys} a {@code @Struct} (its
 * ports union one int).
 */
@License("GPL")
public final class Sockex2 {
  static final int ETH_HLEN = 14;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int IPPROTO_IPIP = 4;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;
  static final int IPPROTO_DCCP = 33;
  static final int IPPROTO_IPV6 = 41;
  static final int IPPROTO_GRE = 47;
  static final int IPPROTO_ESP = 50;
  static final int IPPROTO_AH = 51;
  static final int IPPROTO_SCTP = 132;
  static final int IPPROTO_UDPLITE = 136;
  static final int IP_MF = 0x2000;
  static final int IP_OFFSET = 0x1FFF;
  // if_tunnel.h's GRE flags are in network byte order and the sample masks load_half's host-order
  // value with them; these are their values as a little-endian CPU holds them.
  static final int GRE_CSUM = 0x0080;
  static final int GRE_ROUTING = 0x0040;
  static final int GRE_KEY = 0x0020;
  static final int GRE_SEQ = 0x0010;
  static final int GRE_VERSION = 0x0700;

  /** The sample's {@code struct flow_keys}; {@code ports} stands for its ports/port16 union. */
  @Struct
  public static final class FlowKeys {
    public int src;
    public int dst;
    public int ports;
    public short thoff;
    public byte ipProto;
  }

  /**
   * The sample's {@code __u64 ip_proto}, which its parse functions write through a pointer (BPF
   * code here cannot pass an array to a method, so a one-field struct carries it).
   */
  @Struct
  public static final class IpProto {
    public long value;
  }

  /** The sample's {@code long} value, added to with {@code __sync_fetch_and_add}. */
  @Struct
  public static final class Count {
    @Atomic public long value;
  }

  @Map(type = MapType.HASH, maxEntries = 1024, name = "hash_map")
  static BpfMap<Integer, Count> hashMap;

  static int protoPortsOffset(int proto) {
    switch (proto) {
      case IPPROTO_TCP:
      case IPPROTO_UDP:
      case IPPROTO_DCCP:
      case IPPROTO_ESP:
      case IPPROTO_SCTP:
      case IPPROTO_UDPLITE:
        return 0;
      case IPPROTO_AH:
        return 4;
      default:
        return 0;
    }
  }

  static int ipIsFragment(SkBuff ctx, int nhoff) {
    return ctx.loadHalf(nhoff + 6) & (IP_MF | IP_OFFSET);
  }

  static int ipv6AddrHash(SkBuff ctx, int off) {
    long w0 = ctx.loadWord(off) & 0xffffffffL;
    long w1 = ctx.loadWord(off + 4) & 0xffffffffL;
    long w2 = ctx.loadWord(off + 8) & 0xffffffffL;
    long w3 = ctx.loadWord(off + 12) & 0xffffffffL;
    return (int) (w0 ^ w1 ^ w2 ^ w3);
  }

  static int parseIp(SkBuff skb, int nhoff, IpProto ipProto, FlowKeys flow) {
    if (ipIsFragment(skb, nhoff) != 0) {
      ipProto.value = 0;
    } else {
      ipProto.value = skb.loadByte(nhoff + 9);
    }
    if (ipProto.value != IPPROTO_GRE) {
      flow.src = skb.loadWord(nhoff + 12);
      flow.dst = skb.loadWord(nhoff + 16);
    }
    int verlen = skb.loadByte(nhoff);
    if (verlen == 0x45) {
      nhoff += 20;
    } else {
      nhoff += (verlen & 0xF) << 2;
    }
    return nhoff;
  }

  static int parseIpv6(SkBuff skb, int nhoff, IpProto ipProto, FlowKeys flow) {
    ipProto.value = skb.loadByte(nhoff + 6);
    flow.src = ipv6AddrHash(skb, nhoff + 8);
    flow.dst = ipv6AddrHash(skb, nhoff + 24);
    nhoff += 40;
    return nhoff;
  }

  static boolean flowDissector(SkBuff skb, FlowKeys flow) {
    int nhoff = ETH_HLEN;
    IpProto ipProto = new IpProto();
    int proto = skb.loadHalf(12);

    if (proto == ETH_P_8021AD) {
      proto = skb.loadHalf(nhoff + 2);
      nhoff += 4;
    }
    if (proto == ETH_P_8021Q) {
      proto = skb.loadHalf(nhoff + 2);
      nhoff += 4;
    }

    if (proto == ETH_P_IP) {
      nhoff = parseIp(skb, nhoff, ipProto, flow);
    } else if (proto == ETH_P_IPV6) {
      nhoff = parseIpv6(skb, nhoff, ipProto, flow);
    } else {
      return false;
    }

    switch ((int) ipProto.value) {
      case IPPROTO_GRE:
        {
          int greFlags = skb.loadHalf(nhoff);
          int greProto = skb.loadHalf(nhoff + 2);
          if ((greFlags & (GRE_VERSION | GRE_ROUTING)) != 0) {
            break;
          }
          proto = greProto;
          nhoff += 4;
          if ((greFlags & GRE_CSUM) != 0) {
            nhoff += 4;
          }
          if ((greFlags & GRE_KEY) != 0) {
            nhoff += 4;
          }
          if ((greFlags & GRE_SEQ) != 0) {
            nhoff += 4;
          }
          if (proto == ETH_P_8021Q) {
            proto = skb.loadHalf(nhoff + 2);
            nhoff += 4;
          }
          if (proto == ETH_P_IP) {
            nhoff = parseIp(skb, nhoff, ipProto, flow);
          } else if (proto == ETH_P_IPV6) {
            nhoff = parseIpv6(skb, nhoff, ipProto, flow);
          } else {
            return false;
          }
          break;
        }
      case IPPROTO_IPIP:
        nhoff = parseIp(skb, nhoff, ipProto, flow);
        break;
      case IPPROTO_IPV6:
        nhoff = parseIpv6(skb, nhoff, ipProto, flow);
        break;
      default:
        break;
    }

    flow.ipProto = (byte) ipProto.value;
    int poff = protoPortsOffset((int) ipProto.value);
    if (poff >= 0) {
      nhoff += poff;
      flow.ports = skb.loadWord(nhoff);
    }
    flow.thoff = (short) nhoff;
    return true;
  }

  @Section("socket")
  public static int bpfProg2(SkBuff skb) {
    FlowKeys flow = new FlowKeys();
    if (!flowDissector(skb, flow)) {
      return 0;
    }
    int key = flow.dst;
    Count value = hashMap.lookup(key);
    if (value != null) {
      value.value += 1;
    } else {
      Count val = new Count();
      val.value = 1;
      hashMap.update(key, val, BpfMap.ANY);
    }
    return 0;
  }

  private Sockex2() {}
}
