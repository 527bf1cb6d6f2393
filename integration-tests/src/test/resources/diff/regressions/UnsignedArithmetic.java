package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * Java's unsigned helpers ({@code Integer.toUnsignedLong}, {@code divideUnsigned}, {@code
 * remainderUnsigned} on int and long) compile to 32-bit moves and BPF's unsigned division; a zero
 * divisor ends the program with 0 where Java throws. Operands come from the frame, so the high bit
 * is set on some frames and clear on others.
 */
@License("GPL")
public final class UnsignedArithmetic {
  @Section("socket")
  public static int unsignedInts(SkBuff ctx) {
    int a = ctx.loadWord(0) | ctx.loadByte(14) << 31;
    int d = ctx.loadHalf(4) >>> (ctx.loadByte(6) & 15);
    long wide = Integer.toUnsignedLong(a);
    int q = Integer.divideUnsigned(a, d | 1);
    int r = Integer.remainderUnsigned(a, 7);
    int z = Integer.divideUnsigned(a, d);
    return (int) (wide >>> 20) ^ q ^ r * 3 ^ z;
  }

  @Section("socket")
  public static int unsignedLongs(SkBuff ctx) {
    long a = (long) ctx.loadWord(0) << 32 | Integer.toUnsignedLong(ctx.loadWord(8));
    long d = Integer.toUnsignedLong(ctx.loadWord(4)) | (long) ctx.loadByte(12) << 40;
    long q = Long.divideUnsigned(a, d);
    long r = Long.remainderUnsigned(a, d | 3);
    long c = Long.divideUnsigned(a, -5L);
    return (int) (q ^ q >>> 32 ^ r ^ r >>> 29 ^ c);
  }
}
