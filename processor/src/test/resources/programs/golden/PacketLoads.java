package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/** Packet reads by LD_ABS and LD_IND in a socket filter that also calls subprograms. */
public final class PacketLoads {
  static int twice(int x) { return x * 2 + 1; }
  static int half(SkBuff skb, int off) { return skb.loadHalf(off); }

  @Section("socket")
  public static int prog(SkBuff skb) {
    int a = skb.loadByte(9);
    int b = twice(a);
    int c = half(skb, 2);
    return a + b + c + skb.loadWord(a & 7);
  }
}
