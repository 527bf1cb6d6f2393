package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;

/**
 * javac gives variables of sibling scopes the same local slot: here the arrays {@code a} and
 * {@code b}, and the object {@code s}. The processor counted stores per slot and refused each
 * array as "assigned more than once"; an array local is now checked by which stores reach its
 * uses.
 */
@License("GPL")
public final class ArraysInSiblingScopes {
  @Struct
  public static final class Cell {
    public int value;
  }

  @Section("socket")
  public static int siblings(SkBuff ctx) {
    int r = 0;
    if (ctx.len() > 40) {
      int[] a = new int[4];
      a[1] = ctx.len();
      r += a[ctx.len() & 3];
    } else {
      long[] b = new long[2];
      b[0] = 5;
      r += (int) b[ctx.len() & 1];
    }
    for (int i = 0; i < 3; i++) {
      short[] c = new short[3];
      c[i] = (short) (i + r);
      r += c[(i + 1) % 3] + c[i];
    }
    {
      Cell s = new Cell();
      s.value = r;
      r += s.value;
    }
    return r;
  }
}
