package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's samples/bpf/tcbpf1_kern.c (GPL-2.0, our C twin c/public/tcbpf1_kern.c): a
 * tc classifier that rewrites every TCP packet (it assumes a 20-byte IPv4 header and does not check
 * the EtherType): TOS 8, source address and destination port replaced, the IPv4 and TCP checksums
 * fixed with bpf_l3_csum_replace / bpf_l4_csum_replace before each store; it always returns 0.
 * Written against the sample's C, not tuned to the compiler.
 *
 * <p>The sample hands the new address 0xA010101 and port 5001 to the helpers as the CPU holds them,
 * so on a little-endian CPU the packet gets 1.1.1.10 and port 35091; the port keeps that with
 * {@code Bpf.htonl}/{@code htons} (the values {@code loadWord}/{@code loadHalf} will read back).
 * The sample's reads are {@code load_byte(skb, BPF_LL_OFF + off)}, relative to the MAC header; a
 * tc program's packet starts at the MAC header, so here they are plain {@code loadByte(off)}.
 */
@License("GPL")
public final class Tcbpf1 {
  static final int ETH_HLEN = 14;
  static final int IPV4_HLEN = 20;
  static final int IPPROTO_TCP = 6;
  static final int IP_CSUM_OFF = ETH_HLEN + 10;
  static final int TOS_OFF = ETH_HLEN + 1;
  static final int TCP_CSUM_OFF = ETH_HLEN + IPV4_HLEN + 16;
  static final int IP_SRC_OFF = ETH_HLEN + 12;
  static final int TCP_DPORT_OFF = ETH_HLEN + IPV4_HLEN + 2;
  static final int IS_PSEUDO = 0x10;

  static void setIpTos(SkBuff skb, int newTos) {
    int oldTos = skb.loadByte(TOS_OFF);
    // The TOS is the low byte of the 16-bit word the checksum sums it in.
    skb.l3CsumReplace(IP_CSUM_OFF, oldTos, newTos, 2);
    skb.storeByte(TOS_OFF, newTos);
  }

  static void setTcpIpSrc(SkBuff skb, int newIp) {
    int oldIp = skb.loadWord(IP_SRC_OFF);
    skb.l4CsumReplace(TCP_CSUM_OFF, oldIp, newIp, IS_PSEUDO | 4);
    skb.l3CsumReplace(IP_CSUM_OFF, oldIp, newIp, 4);
    skb.storeWord(IP_SRC_OFF, newIp);
  }

  static void setTcpDestPort(SkBuff skb, int newPort) {
    int oldPort = skb.loadHalf(TCP_DPORT_OFF);
    skb.l4CsumReplace(TCP_CSUM_OFF, oldPort, newPort, 2);
    skb.storeHalf(TCP_DPORT_OFF, newPort);
  }

  @Section("tc")
  public static int bpfProg1(SkBuff skb) {
    int proto = skb.loadByte(ETH_HLEN + 9);
    if (proto == IPPROTO_TCP) {
      setIpTos(skb, 8);
      setTcpIpSrc(skb, Bpf.htonl(0xA010101));
      setTcpDestPort(skb, Bpf.htons(5001));
    }
    return 0;
  }

  private Tcbpf1() {}
}
