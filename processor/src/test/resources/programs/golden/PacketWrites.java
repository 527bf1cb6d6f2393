package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Packet writes: an XDP reflector that swaps MACs and ports (stores reusing the reads' bounds
 * check), a head adjustment after which the packet is read again from its new start, a tc port
 * rewrite with checksum fixes, and redirects.
 */
public final class PacketWrites {
  @Map(type = MapType.DEVMAP, maxEntries = 8)
  static BpfMap<Integer, Integer> ports;

  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int reflect(XdpMd ctx) {
    byte[] mac = new byte[6];
    int src = ctx.loadHalf(34);
    int dst = ctx.loadHalf(36);
    ctx.storeHalf(34, dst);
    ctx.storeHalf(36, src);
    ctx.storeByte(0, 0x02);
    ctx.storeWord(26, 0x0a000001);
    ctx.storeBytes(6, mac);
    return Xdp.TX;
  }

  @Section("xdp")
  public static int pop(XdpMd ctx) {
    if (ctx.adjustHead(14) != 0) {
      return Xdp.DROP;
    }
    int version = ctx.loadByte(0) >> 4;
    if (version != 4) {
      return Xdp.PASS;
    }
    return ports.redirect(ctx.ingressIfindex() & 7, Xdp.PASS);
  }

  @Section("tc")
  public static int rewrite(SkBuff skb) {
    int port = skb.loadHalf(36);
    skb.l4CsumReplace(40, port, 8080, 2);
    skb.storeHalf(36, 8080);
    int daddr = skb.loadWord(30);
    skb.l3CsumReplace(24, daddr, 0x0a000002, 4);
    skb.l4CsumReplace(40, daddr, 0x0a000002, 4 | SkBuff.F_PSEUDO_HDR);
    skb.storeWord(30, 0x0a000002);
    return Bpf.redirect(skb.ifindex(), 0);
  }

  @Section("xdp")
  public static int fold(XdpMd ctx) {
    byte[] from = new byte[4];
    byte[] to = new byte[4];
    to[0] = 1;
    long diff = Bpf.csumDiff(from, to, ~ctx.loadHalf(24) & 0xffff);
    ctx.storeHalf(24, Bpf.htons(Bpf.csumFold(diff)));
    return Xdp.PASS;
  }
}
