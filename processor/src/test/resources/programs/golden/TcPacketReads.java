package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * tc packet reads: LD_ABS / LD_IND (or, under onFault, bpf_skb_load_bytes), which reach bytes
 * beyond the linear part too; straight from skb->data only where a dominating linearLength() test
 * proves the bytes there (its symmetric forms too), with no check of their own. A read past what
 * the test proves takes the slow way.
 */
public final class TcPacketReads {
  @Section("tc")
  public static int constantOffsets(SkBuff skb) {
    if (skb.loadHalf(12) != 0x0800 || skb.loadByte(23) != 17) {
      return Tc.ACT_OK;
    }
    int ihl = (skb.loadByte(14) & 0x0f) * 4;
    if (skb.loadHalf(14 + ihl + 2) == 53) {
      return Tc.ACT_SHOT;
    }
    return Tc.ACT_OK;
  }

  @Section("tcx/ingress")
  public static int coveredByWrite(SkBuff skb) {
    skb.storeWord(30, 0x0a000001);
    return skb.loadWord(26) + skb.loadHalf(34);
  }

  @Section("tc")
  public static int copies(SkBuff skb) {
    byte[] mac = new byte[6];
    if (skb.loadBytes(6, mac) != 0) {
      return Tc.ACT_SHOT;
    }
    return mac[0] & 0xff;
  }

  @Section("tc")
  public static int afterLinearLength(SkBuff skb) {
    if (skb.linearLength() < 34) {
      return Tc.ACT_OK;
    }
    if (skb.loadHalf(12) != 0x0800 || skb.loadByte(23) != 17) {
      return Tc.ACT_OK;
    }
    return skb.loadWord(30) == 0x0a000001 && skb.loadHalf(36) == 53 ? Tc.ACT_SHOT : Tc.ACT_OK;
  }

  @Section("tcx/egress")
  public static int symmetricLinearTests(SkBuff skb) {
    int r = 0;
    if (20 <= skb.linearLength()) {
      r = skb.loadWord(16);
    }
    if (skb.linearLength() > 13) {
      r += skb.loadHalf(12);
    }
    return r;
  }

  /** Reads at computed offsets under a test of the linear length from the same offset. */
  @Section("tc")
  public static int computedOffsetsAfterLinearLength(SkBuff skb) {
    if (34 > skb.linearLength() || skb.loadHalf(12) != 0x0800) {
      return Tc.ACT_OK;
    }
    int l4 = 14 + (skb.loadByte(14) & 0x0f) * 4;
    if (l4 + 8 > skb.linearLength()) {
      return Tc.ACT_OK;
    }
    return skb.loadHalf(l4 + 2) == 53 || skb.loadHalf(l4) == 53 ? Tc.ACT_SHOT : Tc.ACT_OK;
  }

  @Section(value = "tc", onFault = Tc.ACT_SHOT)
  public static int withOnFault(SkBuff skb) {
    return skb.loadHalf(12) == 0x86dd ? Tc.ACT_SHOT : Tc.ACT_OK;
  }
}
