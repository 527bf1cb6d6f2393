package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * XDP's length() is data_end - data, so a test of it against a constant is the pointer check the
 * verifier wants, and the reads it dominates need no check of their own. tc's len() counts bytes
 * beyond the linear part too, so there the compare stays and each read keeps its check.
 */
public final class LengthChecks {
  @Section("xdp")
  public static int xdpShortFirst(XdpMd ctx) {
    if (ctx.length() < 34) {
      return Xdp.PASS;
    }
    if (ctx.loadHalf(12) != 0x0800 || ctx.loadByte(23) != 17) {
      return Xdp.PASS;
    }
    return ctx.loadWord(30) == 0x0a000001 ? Xdp.DROP : Xdp.PASS;
  }

  @Section("xdp")
  public static int xdpConstantFirst(XdpMd ctx) {
    if (14 + 20 > ctx.length()) {
      return Xdp.PASS;
    }
    return ctx.loadByte(23) == 6 ? Xdp.DROP : Xdp.PASS;
  }

  @Section("xdp")
  public static int xdpLongEnough(XdpMd ctx) {
    if (ctx.length() >= 14) {
      return ctx.loadHalf(12) == 0x86dd ? Xdp.DROP : Xdp.PASS;
    }
    return Xdp.ABORTED;
  }

  @Section("tc")
  public static int tcLen(SkBuff skb) {
    if (skb.len() < 34) {
      return Tc.ACT_OK;
    }
    return skb.loadHalf(12) == 0x0800 && skb.loadByte(23) == 17 ? Tc.ACT_SHOT : Tc.ACT_OK;
  }
}
