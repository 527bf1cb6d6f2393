package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * Programs that act on packets (issue 15): an XDP reflector, a tc NAT of port and address with the
 * checksum helpers, an XDP port rewrite with an incremental checksum from csumDiff, head and tail
 * adjustments, redirects, and a filter that fails open on a short frame.
 */
@License("GPL")
public final class PacketActions {
  static final int ETH_HLEN = 14;
  static final int IP_CSUM = ETH_HLEN + 10;
  static final int IP_DADDR = ETH_HLEN + 16;
  static final int L4 = ETH_HLEN + 20;

  @Map(type = MapType.DEVMAP, maxEntries = 4)
  static BpfMap<Integer, Integer> ports;

  /** Swaps MACs, addresses and ports and sends the frame back: checksums stay valid. */
  @Section("xdp")
  public static int reflect(XdpMd ctx) {
    byte[] mac = new byte[6];
    if (ctx.loadBytes(0, mac) != 0) {
      return Xdp.DROP;
    }
    for (int i = 0; i < 6; i++) {
      ctx.storeByte(i, ctx.loadByte(6 + i));
    }
    ctx.storeBytes(6, mac);
    int saddr = ctx.loadWord(ETH_HLEN + 12);
    int daddr = ctx.loadWord(ETH_HLEN + 16);
    ctx.storeWord(ETH_HLEN + 12, daddr);
    ctx.storeWord(ETH_HLEN + 16, saddr);
    int sport = ctx.loadHalf(L4);
    int dport = ctx.loadHalf(L4 + 2);
    ctx.storeHalf(L4, dport);
    ctx.storeHalf(L4 + 2, sport);
    return Xdp.TX;
  }

  /**
   * tc NAT: the destination becomes 10.9.8.7 port 8080; the IPv4 checksum and the UDP or TCP
   * checksum (over the pseudo header too) are fixed by the kernel's helpers.
   */
  @Section("tc")
  public static int nat(SkBuff skb) {
    int proto = skb.loadByte(ETH_HLEN + 9);
    int csum = proto == 6 ? L4 + 16 : L4 + 6;
    int daddr = skb.loadWord(IP_DADDR);
    int newAddr = 0x0a090807;
    skb.l3CsumReplace(IP_CSUM, daddr, newAddr, 4);
    skb.l4CsumReplace(csum, daddr, newAddr, 4 | SkBuff.F_PSEUDO_HDR);
    skb.storeWord(IP_DADDR, newAddr);
    int dport = skb.loadHalf(L4 + 2);
    skb.l4CsumReplace(csum, dport, 8080, 2);
    skb.storeHalf(L4 + 2, 8080);
    return 0;
  }

  /**
   * XDP UDP port rewrite with the documented incremental update: csumDiff of the old and new port
   * bytes, seeded with the complement of the old checksum as the packet holds it, folded, stored
   * back in network order.
   */
  @Section("xdp")
  public static int udpPort(XdpMd ctx) {
    byte[] from = new byte[4];
    byte[] to = new byte[4];
    if (ctx.loadBytes(L4, from) != 0) {
      return Xdp.DROP;
    }
    to[0] = from[0];
    to[1] = from[1];
    to[2] = (byte) (5353 >> 8);
    to[3] = (byte) 5353;
    int old = ctx.loadHalf(L4 + 6);
    long sum = Bpf.csumDiff(from, to, Bpf.htons(~old & 0xffff));
    ctx.storeBytes(L4, to);
    ctx.storeHalf(L4 + 6, Bpf.ntohs(Bpf.csumFold(sum)));
    return Xdp.PASS;
  }

  /** Strips the Ethernet header; offsets count from the new start afterwards. */
  @Section("xdp")
  public static int pop(XdpMd ctx) {
    if (ctx.loadHalf(12) != 0x0800) {
      return Xdp.PASS;
    }
    if (ctx.adjustHead(ETH_HLEN) != 0) {
      return Xdp.ABORTED;
    }
    // The IPv4 version and header length, now at offset 0: returned to check the new start.
    return 100 + ctx.loadByte(0);
  }

  /** Pushes 4 bytes in front (a tag) and writes them; drops 4 bytes at the end. */
  @Section("xdp")
  public static int pushAndTrim(XdpMd ctx) {
    if (ctx.adjustHead(-4) != 0) {
      return Xdp.ABORTED;
    }
    ctx.storeWord(0, 0xcafe0001);
    if (ctx.adjustTail(-4) != 0) {
      return Xdp.ABORTED;
    }
    return ctx.length();
  }

  /** Reads past the end of a short frame: fails open with XDP_PASS. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int failOpen(XdpMd ctx) {
    return ctx.loadWord(ctx.loadByte(0) + 100) == 0 ? Xdp.DROP : Xdp.TX;
  }

  /** The same read without onFault: XDP_ABORTED (0). */
  @Section("xdp")
  public static int failClosed(XdpMd ctx) {
    return ctx.loadWord(ctx.loadByte(0) + 100) == 0 ? Xdp.DROP : Xdp.TX;
  }

  /** A write past the end with onFault: the frame is left alone and passes. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int writeFailOpen(XdpMd ctx) {
    ctx.storeByte(0, 0xee);
    ctx.storeWord(200, 1);
    return Xdp.DROP;
  }

  @Section("xdp")
  public static int redirectIfindex(XdpMd ctx) {
    return Bpf.redirect(ctx.ingressIfindex(), 0);
  }

  @Section("xdp")
  public static int redirectMap(XdpMd ctx) {
    return ports.redirect(0, Xdp.PASS);
  }

  @Section("tc")
  public static int tcRedirect(SkBuff skb) {
    return Bpf.redirect(skb.ifindex(), 0);
  }
}
