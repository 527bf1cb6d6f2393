package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's samples/bpf/parse_varlen.c (GPL-2.0, our C twin c/public/parse_varlen.c):
 * up to two "VLAN" headers skipped, IPv4 (not a fragment, options allowed, one IPIP level) or IPv6
 * (one IPIP or IPv6-in-IPv6 level), then TC_ACT_SHOT for TCP from or to port 80 and for UDP from
 * or to port 9; everything else, and every header that does not fit, passes (0). Written against
 * the sample's C, not tuned to the compiler.
 *
 * <p>The sample's VLAN test compares the network-order {@code h_proto} with the host-order {@code
 * ETH_P_8021Q}/{@code ETH_P_8021AD}; on a little-endian CPU that matches EtherTypes 0x0081 and
 * 0xA888, and the port keeps that: {@code loadHalf} gives the network value, {@code Bpf.ntohs}
 * turns it into what the C compares. The C's {@code p + n > data_end} checks are {@code off + n >
 * skb.linearLength()} here: {@code data_end - data}, as the C tests it (a frame whose headers are
 * not all in the linear part passes, as in C).
 */
@License("GPL")
public final class ParseVarlen {
  static final int ETH_HLEN = 14;
  static final int VLAN_HLEN = 4;
  static final int IPV4_HLEN = 20;
  static final int IPV6_HLEN = 40;
  static final int TCP_HLEN = 20;
  static final int UDP_HLEN = 8;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int IPPROTO_IPIP = 4;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;
  static final int IPPROTO_IPV6 = 41;
  static final int IP_MF = 0x2000;
  static final int IP_OFFSET = 0x1FFF;
  static final int DEFAULT_PKTGEN_UDP_PORT = 9;
  static final int TC_ACT_SHOT = 2;

  static boolean ipIsFragment(SkBuff skb, int nhOff) {
    return (skb.loadHalf(nhOff + 6) & (IP_MF | IP_OFFSET)) != 0;
  }

  static int tcp(SkBuff skb, int tpOff) {
    if (tpOff + TCP_HLEN > skb.linearLength()) {
      return 0;
    }
    if (skb.loadHalf(tpOff + 2) == 80 || skb.loadHalf(tpOff) == 80) {
      return TC_ACT_SHOT;
    }
    return 0;
  }

  static int udp(SkBuff skb, int tpOff) {
    if (tpOff + UDP_HLEN > skb.linearLength()) {
      return 0;
    }
    if (skb.loadHalf(tpOff + 2) == DEFAULT_PKTGEN_UDP_PORT
        || skb.loadHalf(tpOff) == DEFAULT_PKTGEN_UDP_PORT) {
      return TC_ACT_SHOT;
    }
    return 0;
  }

  static int parseIpv4(SkBuff skb, int nhOff) {
    int iph = nhOff;
    if (iph + IPV4_HLEN > skb.linearLength()) {
      return 0;
    }
    if (ipIsFragment(skb, iph)) {
      return 0;
    }
    int ihlLen = (skb.loadByte(iph) & 0xf) * 4;
    if (skb.loadByte(iph + 9) == IPPROTO_IPIP) {
      iph = nhOff + ihlLen;
      if (iph + IPV4_HLEN > skb.linearLength()) {
        return 0;
      }
      ihlLen += (skb.loadByte(iph) & 0xf) * 4;
    }
    int protocol = skb.loadByte(iph + 9);
    if (protocol == IPPROTO_TCP) {
      return tcp(skb, nhOff + ihlLen);
    } else if (protocol == IPPROTO_UDP) {
      return udp(skb, nhOff + ihlLen);
    }
    return 0;
  }

  static int parseIpv6(SkBuff skb, int nhOff) {
    int ihlLen = IPV6_HLEN;
    if (nhOff + IPV6_HLEN > skb.linearLength()) {
      return 0;
    }
    int nexthdr = skb.loadByte(nhOff + 6);
    if (nexthdr == IPPROTO_IPIP) {
      int iph = nhOff + ihlLen;
      if (iph + IPV4_HLEN > skb.linearLength()) {
        return 0;
      }
      ihlLen += (skb.loadByte(iph) & 0xf) * 4;
      nexthdr = skb.loadByte(iph + 9);
    } else if (nexthdr == IPPROTO_IPV6) {
      int ip6h = nhOff + ihlLen;
      if (ip6h + IPV6_HLEN > skb.linearLength()) {
        return 0;
      }
      ihlLen += IPV6_HLEN;
      nexthdr = skb.loadByte(ip6h + 6);
    }
    if (nexthdr == IPPROTO_TCP) {
      return tcp(skb, nhOff + ihlLen);
    } else if (nexthdr == IPPROTO_UDP) {
      return udp(skb, nhOff + ihlLen);
    }
    return 0;
  }

  /** The sample's test: host-order constants against the network-order field (see above). */
  static boolean isVlanAsTheSampleTests(int hProto) {
    int raw = Bpf.ntohs(hProto);
    return raw == ETH_P_8021Q || raw == ETH_P_8021AD;
  }

  @Section("tc")
  public static int handleIngress(SkBuff skb) {
    int nhOff = ETH_HLEN;
    if (nhOff > skb.linearLength()) {
      return 0;
    }
    int hProto = skb.loadHalf(12);
    if (isVlanAsTheSampleTests(hProto)) {
      nhOff += VLAN_HLEN;
      if (nhOff > skb.linearLength()) {
        return 0;
      }
      hProto = skb.loadHalf(nhOff - 2);
    }
    if (isVlanAsTheSampleTests(hProto)) {
      nhOff += VLAN_HLEN;
      if (nhOff > skb.linearLength()) {
        return 0;
      }
      hProto = skb.loadHalf(nhOff - 2);
    }
    if (hProto == ETH_P_IP) {
      return parseIpv4(skb, nhOff);
    } else if (hProto == ETH_P_IPV6) {
      return parseIpv6(skb, nhOff);
    }
    return 0;
  }

  private ParseVarlen() {}
}
