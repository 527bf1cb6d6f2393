package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * {@code Integer/Long.compareUnsigned} and {@code compare}: against zero they compile to one jump
 * of their signedness, used as numbers to a -1/0/1 value. Operands come from the frame with the
 * high bit set on some frames and clear on others, and equal on some.
 */
@License("GPL")
public final class UnsignedCompares {
  @Section("socket")
  public static int againstZero(SkBuff ctx) {
    int a = ctx.loadWord(0) | ctx.loadByte(14) << 31;
    int b = ctx.loadByte(15) > 100 ? a : ctx.loadWord(4);
    long x = (long) a << 32 | Integer.toUnsignedLong(ctx.loadWord(8));
    long y = (long) b << 32 | Integer.toUnsignedLong(ctx.loadWord(8)) ^ ctx.loadByte(16);
    int bits = 0;
    if (Integer.compareUnsigned(a, b) < 0) {
      bits |= 1;
    }
    if (Integer.compareUnsigned(a, b) >= 0) {
      bits |= 2;
    }
    if (Integer.compareUnsigned(a, 0x9000_0000) > 0) {
      bits |= 4;
    }
    if (Integer.compareUnsigned(a, b) == 0) {
      bits |= 8;
    }
    if (Long.compareUnsigned(x, y) <= 0) {
      bits |= 16;
    }
    if (Long.compareUnsigned(x, y) != 0) {
      bits |= 32;
    }
    if (Long.compareUnsigned(x, -3L) > 0) {
      bits |= 64;
    }
    if (Integer.compare(a, b) < 0) {
      bits |= 128;
    }
    if (Long.compare(x, y) > 0) {
      bits |= 256;
    }
    return bits;
  }

  @Section("socket")
  public static int asValues(SkBuff ctx) {
    int a = ctx.loadWord(0) | ctx.loadByte(14) << 31;
    int b = ctx.loadByte(15) > 100 ? a : ctx.loadWord(4);
    long x = (long) a << 32 | Integer.toUnsignedLong(ctx.loadWord(8));
    long y = (long) b << 32 | Integer.toUnsignedLong(ctx.loadWord(8)) ^ ctx.loadByte(16);
    int u = Integer.compareUnsigned(a, b);
    int s = Integer.compare(a, b);
    int lu = Long.compareUnsigned(x, y);
    int ls = Long.compare(x, y);
    int k = Integer.compareUnsigned(a, 0x9000_0000);
    if (Integer.compareUnsigned(b, a) == 1) {
      k += 100;
    }
    return (u + 1) | (s + 1) << 2 | (lu + 1) << 4 | (ls + 1) << 6 | (k + 1) << 8;
  }
}
