package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Integer/Long.compareUnsigned compared with zero: one unsigned jump each (32-bit and 64-bit), no
 * -1/0/1 value; used as a number (returned), it is computed with two jumps.
 */
public final class UnsignedCompare {
  @Section("socket")
  public static int prog(SkBuff skb) {
    int hash = skb.hash();
    int mark = skb.mark();
    if (Integer.compareUnsigned(hash, mark) < 0) {
      return 1;
    }
    if (Long.compareUnsigned(Integer.toUnsignedLong(hash) << 4, 0x8_0000_0000L) >= 0) {
      return 2;
    }
    if (Integer.compareUnsigned(mark, 7) == 0) {
      return 3;
    }
    return Integer.compareUnsigned(hash, 0x8000_0000) + 10;
  }
}
