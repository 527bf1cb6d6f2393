package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * Counted loops in strides whose bounds checks the optimizer drops by induction-variable ranges
 * ({@code i += 2} and {@code i += 4} from 0 below the length keep {@code i + 1}, {@code i + 3} in
 * bounds) or must keep ({@code i += 3} reaches the last element, so {@code a[i + 1]} fails there
 * and the program ends with 0 as Java would throw). The kernel verifier must accept the unchecked
 * accesses, and the results must agree with the simulator.
 */
@License("GPL")
public final class StridedLoops {
  @Section("socket")
  public static int byTwo(SkBuff ctx) {
    byte[] a = new byte[32];
    ctx.loadBytes(0, a);
    int sum = 0;
    for (int i = 0; i < 32; i += 2) {
      sum = sum * 3 + ((a[i] & 0xff) << 8 | (a[i + 1] & 0xff));
    }
    return sum;
  }

  @Section("socket")
  public static int byFour(SkBuff ctx) {
    int[] w = new int[12];
    for (int i = 0; i < 12; i++) {
      w[i] = ctx.loadByte(i) * (i + 1);
    }
    int sum = 0;
    for (int i = 0; i < 12; i += 4) {
      sum ^= w[i] + w[i + 1] * 3 + w[i + 2] * 5 + w[i + 3] * 7;
    }
    return sum;
  }

  @Section("socket")
  public static int byThree(SkBuff ctx) {
    byte[] a = new byte[16];
    ctx.loadBytes(0, a);
    int limit = ctx.loadByte(14) & 1;
    int sum = 0;
    for (int i = 0; i < 16 - limit; i += 3) {
      sum += a[i] ^ a[i + 1];
    }
    return sum;
  }
}
