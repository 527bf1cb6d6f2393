package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's samples/bpf/parse_simple.c (GPL-2.0, our C twin c/public/parse_simple.c):
 * one length check for Ethernet, a 20-byte IPv4 header and UDP, then IPv4, UDP, IHL 5 and not a
 * fragment, and TC_ACT_SHOT for UDP to the pktgen port 9; everything else passes (0). Written
 * against the sample's C, not tuned to the compiler.
 */
@License("GPL")
public final class ParseSimple {
  static final int ETH_HLEN = 14;
  static final int IPV4_HLEN = 20;
  static final int UDP_HLEN = 8;
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_UDP = 17;
  static final int IP_MF = 0x2000;
  static final int IP_OFFSET = 0x1FFF;
  static final int DEFAULT_PKTGEN_UDP_PORT = 9;
  static final int TC_ACT_SHOT = 2;

  static boolean ipIsFragment(SkBuff skb) {
    return (skb.loadHalf(ETH_HLEN + 6) & (IP_MF | IP_OFFSET)) != 0;
  }

  @Section("tc")
  public static int handleIngress(SkBuff skb) {
    // Options are refused below, so one bound up to the end of UDP covers every read. The C
    // compares data_end, which linearLength() is the distance to.
    if (ETH_HLEN + IPV4_HLEN + UDP_HLEN > skb.linearLength()) {
      return 0;
    }
    if (skb.loadHalf(12) != ETH_P_IP) {
      return 0;
    }
    if (skb.loadByte(ETH_HLEN + 9) != IPPROTO_UDP || (skb.loadByte(ETH_HLEN) & 0xf) != 5) {
      return 0;
    }
    if (ipIsFragment(skb)) {
      return 0;
    }
    if (skb.loadHalf(ETH_HLEN + IPV4_HLEN + 2) == DEFAULT_PKTGEN_UDP_PORT) {
      return TC_ACT_SHOT;
    }
    return 0;
  }

  private ParseSimple() {}
}
