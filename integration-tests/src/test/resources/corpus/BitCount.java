package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Bit tricks with loops: population count (constant 32 iterations, and Kernighan's loop for a
 * long), bit reversal, the highest set bit (a downward loop with break) and trailing zeros.
 */
@License("GPL")
public final class BitCount {
  @Struct
  public static final class Bits {
    public int x;
    public long y;
    public int popX;
    public int popY;
    public int reversedX;
    public int highestBitX;
    public int trailingZerosY;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Bits> bits;

  @Section("socket")
  public static int count(SkBuff skb) {
    Bits b = bits.lookup(0);
    if (b == null) {
      return 0;
    }
    int x = b.x;
    long y = b.y;

    int popX = 0;
    for (int i = 0; i < 32; i++) {
      popX += (x >>> i) & 1;
    }
    b.popX = popX;

    long v = y;
    int popY = 0;
    while (v != 0 && popY < 64) {
      v &= v - 1;
      popY++;
    }
    b.popY = popY;

    int r = 0;
    for (int i = 0; i < 32; i++) {
      r = (r << 1) | ((x >>> i) & 1);
    }
    b.reversedX = r;

    int highest = -1;
    for (int i = 31; i >= 0; i--) {
      if (((x >>> i) & 1) != 0) {
        highest = i;
        break;
      }
    }
    b.highestBitX = highest;

    b.trailingZerosY = trailingZeros(y);
    return popX + popY;
  }

  static int trailingZeros(long y) {
    if (y == 0) {
      return 64;
    }
    int t = 0;
    while ((y & 1) == 0 && t < 64) {
      y >>>= 1;
      t++;
    }
    return t;
  }

  private BitCount() {}
}
