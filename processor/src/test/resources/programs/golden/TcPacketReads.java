package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * tc packet reads: straight from skb->data after a check against skb->data_end, with a cold
 * LD_ABS / LD_IND (or, under onFault, bpf_skb_load_bytes) fallback for bytes beyond the linear
 * part. A read whose bytes an earlier check in the same straight-line code covers needs neither.
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

  @Section(value = "tc", onFault = Tc.ACT_SHOT)
  public static int withOnFault(SkBuff skb) {
    return skb.loadHalf(12) == 0x86dd ? Tc.ACT_SHOT : Tc.ACT_OK;
  }
}
