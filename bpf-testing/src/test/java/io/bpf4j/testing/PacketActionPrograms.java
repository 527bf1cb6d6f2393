package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/** Programs that write packets, fix checksums and redirect. */
@License("GPL")
final class PacketActionPrograms {
  static final int UDP_DPORT = 14 + 20 + 2;
  static final int UDP_CHECK = 14 + 20 + 6;
  static final int IP_CHECK = 14 + 10;
  static final int IP_DST = 14 + 16;

  @Map(type = MapType.DEVMAP, maxEntries = 4)
  static BpfMap<Integer, Integer> ports;

  @Map(type = MapType.CPUMAP, maxEntries = 2)
  static BpfMap<Integer, Integer> cpus;

  /** Swaps the Ethernet addresses and sends the frame back. */
  @Section("xdp")
  static int swapMacs(XdpMd ctx) {
    int d0 = ctx.loadWord(0);
    int d1 = ctx.loadHalf(4);
    int s0 = ctx.loadHalf(6);
    int s1 = ctx.loadWord(8);
    ctx.storeHalf(0, s0);
    ctx.storeWord(2, s1);
    ctx.storeWord(6, d0);
    ctx.storeHalf(10, d1);
    return Xdp.TX;
  }

  /** Reads the byte after a 14-byte frame: a short frame fails open. */
  @Section(value = "xdp", onFault = Xdp.PASS)
  static int failOpen(XdpMd ctx) {
    return ctx.loadByte(14) == 0 ? Xdp.DROP : Xdp.TX;
  }

  /** Writes past the end of the frame: ends with onFault. */
  @Section(value = "xdp", onFault = Xdp.DROP)
  static int writePastEnd(XdpMd ctx) {
    ctx.storeWord(ctx.length() - 2, 0);
    return Xdp.PASS;
  }

  /** Pushes a 4-byte tag in front of the frame and 4 bytes of metadata. */
  @Section("xdp")
  static int pushTag(XdpMd ctx) {
    if (ctx.adjustHead(-4) != 0 || ctx.adjustMeta(-4) != 0) {
      return Xdp.ABORTED;
    }
    ctx.storeWord(0, 0xcafef00d);
    return Xdp.PASS;
  }

  @Section("xdp")
  static int redirectToIfindex(XdpMd ctx) {
    return Bpf.redirect(ctx.loadByte(14), ctx.loadByte(15));
  }

  @Section("xdp")
  static int redirectViaDevmap(XdpMd ctx) {
    return ports.redirect(ctx.loadByte(14), Xdp.PASS);
  }

  @Section("xdp")
  static int redirectViaCpumap(XdpMd ctx) {
    return cpus.redirect(1, Xdp.DROP);
  }

  /** Redirects to the ingress of ifindex 3 in tc. */
  @Section("tc")
  static int tcRedirect(SkBuff skb) {
    return Bpf.redirect(3, 1);
  }

  /** Rewrites the UDP destination port to 9999, fixing the L4 checksum. */
  @Section("tc")
  static int rewritePort(SkBuff skb) {
    int old = skb.loadHalf(UDP_DPORT);
    skb.storeHalf(UDP_DPORT, 9999);
    skb.l4CsumReplace(UDP_CHECK, old, 9999, 2 | SkBuff.F_MARK_MANGLED_0);
    return Tc.ACT_OK;
  }

  /** Rewrites the IPv4 destination to 10.9.9.9, fixing both checksums. */
  @Section("tc")
  static int rewriteDestination(SkBuff skb) {
    int old = skb.loadWord(IP_DST);
    int now = 0x0a090909;
    skb.storeWord(IP_DST, now);
    skb.l3CsumReplace(IP_CHECK, old, now, 4);
    skb.l4CsumReplace(UDP_CHECK, old, now, 4 | SkBuff.F_PSEUDO_HDR | SkBuff.F_MARK_MANGLED_0);
    return Tc.ACT_OK;
  }

  /**
   * The same destination rewrite in XDP with csumDiff and csumFold. bpf_csum_diff sums the bytes as
   * the CPU loads them (little-endian), so the seed and the folded result are byte-swapped against
   * loadHalf/storeHalf's big-endian values.
   */
  @Section("xdp")
  static int rewriteDestinationXdp(XdpMd ctx) {
    byte[] from = new byte[4];
    byte[] to = {10, 9, 9, 9};
    ctx.loadBytes(IP_DST, from);
    int seed = Bpf.htons(~ctx.loadHalf(IP_CHECK));
    ctx.storeHalf(IP_CHECK, Bpf.ntohs(Bpf.csumFold(Bpf.csumDiff(from, to, seed))));
    ctx.storeBytes(IP_DST, to);
    return Xdp.PASS;
  }
}
