package corpus.open;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's samples/bpf/sockex3_kern.c (GPL-2.0, our C twin c/public/sockex3_kern.c):
 * a flow dissector in five socket filters that tail-call each other through {@code jmp_table}
 * (slot 1 VLAN, 2 MPLS, 3 IPv4, 4 IPv6; user space fills it), keeping the parse offset and the flow
 * in a per-CPU slot of {@code percpu_map} (an ARRAY indexed by CPU), and counting packets and bytes
 * per flow (addresses, ports, protocol) in {@code hash_map}; every program returns 0. Written
 * against the sample's C, not tuned to the compiler.
 *
 * <p>Where the port differs: the C's {@code this_cpu_globals()} (the sample's stand-in for per-CPU
 * data: slot {@code bpf_get_smp_processor_id()} of {@code percpu_map}) is written out where it is
 * called, since a BPF method here cannot return a map value; the C's {@code struct globals} holds
 * a {@code struct flow_keys}, whose fields are written out here in the same order (the same
 * layout), and {@code update_stats} copies them into a {@code FlowKeys} key. The sample's switch
 * fall-through from TCP/UDP into ICMP is an if. Its GRE flags test masks the host-order {@code
 * load_half} value with if_tunnel.h's network-order constants, kept as their little-endian values;
 * its MPLS test {@code (verlen & 0xF0) == 4} is never true, kept.
 */
@License("GPL")
public final class Sockex3 {
  static final int ETH_HLEN = 14;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int ETH_P_MPLS_UC = 0x8847;
  static final int ETH_P_MPLS_MC = 0x8848;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_IPIP = 4;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;
  static final int IPPROTO_IPV6 = 41;
  static final int IPPROTO_GRE = 47;
  static final int IP_MF = 0x2000;
  static final int IP_OFFSET = 0x1FFF;
  static final int MPLS_LS_S_MASK = 0x00000100;
  // if_tunnel.h's GRE flags (network byte order) as a little-endian CPU holds them.
  static final int GRE_CSUM = 0x0080;
  static final int GRE_ROUTING = 0x0040;
  static final int GRE_KEY = 0x0020;
  static final int GRE_SEQ = 0x0010;
  static final int GRE_VERSION = 0x0700;

  static final int PARSE_VLAN = 1;
  static final int PARSE_MPLS = 2;
  static final int PARSE_IP = 3;
  static final int PARSE_IPV6 = 4;

  /** The sample's {@code struct flow_keys}; {@code ports} stands for its ports/port16 union. */
  @Struct
  public static final class FlowKeys {
    public int src;
    public int dst;
    public int ports;
    public int ipProto;
  }

  /** The sample's {@code struct globals}: its {@code flow} written out, then {@code nhoff}. */
  @Struct
  public static final class Globals {
    public int flowSrc;
    public int flowDst;
    public int flowPorts;
    public int flowIpProto;
    public int nhoff;
  }

  /** The sample's {@code struct pair}, added to with {@code __sync_fetch_and_add}. */
  @Struct
  public static final class Pair {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Map(type = MapType.PROG_ARRAY, maxEntries = 8, name = "jmp_table")
  static ProgArray jmpTable;

  @Map(type = MapType.ARRAY, maxEntries = 32, name = "percpu_map")
  static BpfMap<Integer, Globals> percpuMap;

  @Map(type = MapType.HASH, maxEntries = 1024, name = "hash_map")
  static BpfMap<FlowKeys, Pair> hashMap;

  /** Tail-calls the parser of {@code proto}; falls through when there is none. */
  static void parseEthProto(SkBuff skb, int proto) {
    switch (proto) {
      case ETH_P_8021Q:
      case ETH_P_8021AD:
        jmpTable.tailCall(skb, PARSE_VLAN);
        break;
      case ETH_P_MPLS_UC:
      case ETH_P_MPLS_MC:
        jmpTable.tailCall(skb, PARSE_MPLS);
        break;
      case ETH_P_IP:
        jmpTable.tailCall(skb, PARSE_IP);
        break;
      case ETH_P_IPV6:
        jmpTable.tailCall(skb, PARSE_IPV6);
        break;
      default:
        break;
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

  static void updateStats(SkBuff skb, Globals g) {
    FlowKeys key = new FlowKeys();
    key.src = g.flowSrc;
    key.dst = g.flowDst;
    key.ports = g.flowPorts;
    key.ipProto = g.flowIpProto;
    Pair value = hashMap.lookup(key);
    if (value != null) {
      value.packets += 1;
      value.bytes += skb.len();
    } else {
      Pair val = new Pair();
      val.packets = 1;
      val.bytes = skb.len();
      hashMap.update(key, val, BpfMap.ANY);
    }
  }

  static void parseIpProto(SkBuff skb, Globals g, int ipProto) {
    int nhoff = g.nhoff;
    switch (ipProto) {
      case IPPROTO_GRE:
        {
          int greFlags = skb.loadHalf(nhoff);
          int greProto = skb.loadHalf(nhoff + 2);
          if ((greFlags & (GRE_VERSION | GRE_ROUTING)) != 0) {
            break;
          }
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
          g.nhoff = nhoff;
          parseEthProto(skb, greProto);
          break;
        }
      case IPPROTO_IPIP:
        parseEthProto(skb, ETH_P_IP);
        break;
      case IPPROTO_IPV6:
        parseEthProto(skb, ETH_P_IPV6);
        break;
      case IPPROTO_TCP:
      case IPPROTO_UDP:
      case IPPROTO_ICMP:
        if (ipProto != IPPROTO_ICMP) {
          g.flowPorts = skb.loadWord(nhoff);
        }
        g.flowIpProto = ipProto;
        updateStats(skb, g);
        break;
      default:
        break;
    }
  }

  @Section("socket")
  public static int bpfFuncParseIp(SkBuff skb) {
    Globals g = percpuMap.lookup(Bpf.getSmpProcessorId()); // this_cpu_globals()
    if (g == null) {
      return 0;
    }
    int nhoff = g.nhoff;
    if (ipIsFragment(skb, nhoff) != 0) {
      return 0;
    }
    int ipProto = skb.loadByte(nhoff + 9);
    if (ipProto != IPPROTO_GRE) {
      g.flowSrc = skb.loadWord(nhoff + 12);
      g.flowDst = skb.loadWord(nhoff + 16);
    }
    int verlen = skb.loadByte(nhoff);
    nhoff += (verlen & 0xF) << 2;
    g.nhoff = nhoff;
    parseIpProto(skb, g, ipProto);
    return 0;
  }

  @Section("socket")
  public static int bpfFuncParseIpv6(SkBuff skb) {
    Globals g = percpuMap.lookup(Bpf.getSmpProcessorId()); // this_cpu_globals()
    if (g == null) {
      return 0;
    }
    int nhoff = g.nhoff;
    int ipProto = skb.loadByte(nhoff + 6);
    g.flowSrc = ipv6AddrHash(skb, nhoff + 8);
    g.flowDst = ipv6AddrHash(skb, nhoff + 24);
    nhoff += 40;
    g.nhoff = nhoff;
    parseIpProto(skb, g, ipProto);
    return 0;
  }

  @Section("socket")
  public static int bpfFuncParseVlan(SkBuff skb) {
    Globals g = percpuMap.lookup(Bpf.getSmpProcessorId()); // this_cpu_globals()
    if (g == null) {
      return 0;
    }
    int nhoff = g.nhoff;
    int proto = skb.loadHalf(nhoff + 2);
    nhoff += 4;
    g.nhoff = nhoff;
    parseEthProto(skb, proto);
    return 0;
  }

  @Section("socket")
  public static int bpfFuncParseMpls(SkBuff skb) {
    Globals g = percpuMap.lookup(Bpf.getSmpProcessorId()); // this_cpu_globals()
    if (g == null) {
      return 0;
    }
    int nhoff = g.nhoff;
    int label = skb.loadWord(nhoff);
    nhoff += 4;
    g.nhoff = nhoff;
    if ((label & MPLS_LS_S_MASK) != 0) {
      int verlen = skb.loadByte(nhoff);
      if ((verlen & 0xF0) == 4) {
        parseEthProto(skb, ETH_P_IP);
      } else {
        parseEthProto(skb, ETH_P_IPV6);
      }
    } else {
      parseEthProto(skb, ETH_P_MPLS_UC);
    }
    return 0;
  }

  @Section("socket")
  public static int mainProg(SkBuff skb) {
    Globals g = percpuMap.lookup(Bpf.getSmpProcessorId()); // this_cpu_globals()
    int nhoff = ETH_HLEN;
    int proto = skb.loadHalf(12);
    if (g == null) {
      return 0;
    }
    g.nhoff = nhoff;
    parseEthProto(skb, proto);
    return 0;
  }

  private Sockex3() {}
}
