package io.bpf4j.examples.packets;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * An XDP program that answers every IPv4 UDP or TCP frame (without IP options) with itself: it
 * swaps the Ethernet addresses, the IPv4 addresses and the ports and sends the frame back out of
 * the interface it came in on ({@code XDP_TX}). Swapping keeps every checksum valid, since a
 * one's-complement sum does not depend on the order of its terms. Anything else passes, a frame too
 * short for the headers too ({@code onFault = Xdp.PASS}).
 */
@License("GPL")
public final class XdpReflector {
  static final int ETH_P_IP = 0x0800;
  static final int IPV4_NO_OPTIONS = 0x45;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;
  static final int IP_SRC = 26;
  static final int IP_DST = 30;
  static final int L4 = 34;

  @Section(value = "xdp", onFault = Xdp.PASS)
  public static int reflect(XdpMd ctx) {
    if (ctx.loadHalf(12) != ETH_P_IP || ctx.loadByte(14) != IPV4_NO_OPTIONS) {
      return Xdp.PASS;
    }
    int proto = ctx.loadByte(23);
    if (proto != IPPROTO_UDP && proto != IPPROTO_TCP) {
      return Xdp.PASS;
    }
    // Every read comes before the first write: a frame too short for the ports ends the program
    // (onFault) while it is still untouched, instead of passing half reflected.
    int srcPort = ctx.loadHalf(L4);
    int dstPort = ctx.loadHalf(L4 + 2);
    int srcIp = ctx.loadWord(IP_SRC);
    int dstIp = ctx.loadWord(IP_DST);
    int dstHigh = ctx.loadWord(0);
    int dstLow = ctx.loadHalf(4);
    int srcHigh = ctx.loadHalf(6);
    int srcLow = ctx.loadWord(8);
    ctx.storeHalf(0, srcHigh);
    ctx.storeWord(2, srcLow);
    ctx.storeWord(6, dstHigh);
    ctx.storeHalf(10, dstLow);
    ctx.storeWord(IP_SRC, dstIp);
    ctx.storeWord(IP_DST, srcIp);
    ctx.storeHalf(L4, dstPort);
    ctx.storeHalf(L4 + 2, srcPort);
    return Xdp.TX;
  }

  private XdpReflector() {}
}
