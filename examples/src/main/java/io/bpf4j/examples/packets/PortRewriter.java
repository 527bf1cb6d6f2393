package io.bpf4j.examples.packets;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * A tc program that moves UDP datagrams from port {@value #FROM_PORT} to port {@value #TO_PORT}: it
 * rewrites the IPv4/UDP destination port and fixes the UDP checksum with {@code
 * bpf_l4_csum_replace} (a datagram sent without checksum keeps none: {@code F_MARK_MANGLED_0}).
 * Every packet goes on ({@code TC_ACT_OK}); a frame too short for the headers it reads too.
 */
@License("GPL")
public final class PortRewriter {
  public static final int FROM_PORT = 7777;
  public static final int TO_PORT = 9999;

  static final int ETH_HLEN = 14;
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_UDP = 17;
  static final int UDP_DEST = 2;
  static final int UDP_CHECK = 6;

  @Section("tc")
  public static int rewritePort(SkBuff skb) {
    // Ethernet and an IPv4 header in the linear part (as the C twin checks data_end): the reads
    // up to byte 34 are then direct loads.
    if (skb.linearLength() < ETH_HLEN + 20) {
      return Tc.ACT_OK;
    }
    if (skb.loadHalf(12) != ETH_P_IP || skb.loadByte(ETH_HLEN + 9) != IPPROTO_UDP) {
      return Tc.ACT_OK;
    }
    int ihl = (skb.loadByte(ETH_HLEN) & 0x0f) * 4;
    if (ihl < 20) {
      return Tc.ACT_OK;
    }
    int udp = ETH_HLEN + ihl;
    if (skb.loadHalf(udp + UDP_DEST) != FROM_PORT) {
      return Tc.ACT_OK;
    }
    skb.storeHalf(udp + UDP_DEST, TO_PORT);
    skb.l4CsumReplace(udp + UDP_CHECK, FROM_PORT, TO_PORT, 2 | SkBuff.F_MARK_MANGLED_0);
    return Tc.ACT_OK;
  }

  private PortRewriter() {}
}
