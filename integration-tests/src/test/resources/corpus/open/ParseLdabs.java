package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's samples/bpf/parse_ldabs.c (GPL-2.0, our C twin c/public/parse_ldabs.c):
 * parse_simple's filter written with LD_ABS reads (load_byte/load_half) and no length check: IPv4,
 * UDP, a version/IHL byte of exactly 0x45 and not a fragment, then TC_ACT_SHOT for UDP to the
 * pktgen port 9; everything else passes (0), and so does a frame a read runs past. Written against
 * the sample's C, not tuned to the compiler.
 */
@License("GPL")
public final class ParseLdabs {
  static final int ETH_HLEN = 14;
  static final int IPV4_HLEN = 20;
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_UDP = 17;
  static final int IP_MF = 0x2000;
  static final int IP_OFFSET = 0x1FFF;
  static final int DEFAULT_PKTGEN_UDP_PORT = 9;
  static final int TC_ACT_SHOT = 2;

  static int ipIsFragment(SkBuff ctx, int nhoff) {
    return ctx.loadHalf(nhoff + 6) & (IP_MF | IP_OFFSET);
  }

  @Section("tc")
  public static int handleIngress(SkBuff skb) {
    int troff = ETH_HLEN + IPV4_HLEN;
    if (skb.loadHalf(12) != ETH_P_IP) {
      return 0;
    }
    if (skb.loadByte(ETH_HLEN + 9) != IPPROTO_UDP || skb.loadByte(ETH_HLEN) != 0x45) {
      return 0;
    }
    if (ipIsFragment(skb, ETH_HLEN) != 0) {
      return 0;
    }
    if (skb.loadHalf(troff + 2) == DEFAULT_PKTGEN_UDP_PORT) {
      return TC_ACT_SHOT;
    }
    return 0;
  }

  private ParseLdabs() {}
}
