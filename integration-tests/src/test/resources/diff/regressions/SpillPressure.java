package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * Shrunk from a random program: {@code mix} inlines {@code step} four times and may fail (so it
 * also holds the failure flag), and at one remainder ten values are live. The spilled value's
 * reload then found no free register, and the allocator gave up ("too many live values") instead
 * of spilling one of the ten.
 */
@License("GPL")
public final class SpillPressure {
  @Section("socket")
  public static int pressure(SkBuff ctx) {
    int v14 = 0;
    v14 *= mix(0, 0);
    v14 *= 0;
    return 0;
  }

  static long mix(long q0, int q1) {
    int v1 = step(0L, q1, (q0 >>> 0));
    for (int i2 = 0; i2 < 1; i2++) {
      int v3 = step(i2, ((long) v1), (3 + v1));
      if ((!(1 <= q1))) break;
      short v4 = ((short) (q0 >>> (v1 >>> (q1 + q0))));
      int v5 = step(i2, 64L, (32 / ((((char) 32768) < 1000) ? ((int) v4) : ((int) q0))));
      q0 <<= (((short) 3528) * v4);
      v5 = step(((-1921578549) / (-((char) 32))), v1, i2);
      v1 -= 36;
      v5--;
    }
    boolean v7 = (((v1 - q0) == v1) && (!(!(v1 <= q0))));
    int v8 = step(((255L < 210445099216206L) ? ((int) q0) : ((int) 1L)), (q0 - (-98916098L)), (v1 % q1));
    v7 = ((q0 + ((q0 < ((char) 32)) ? ((short) q0) : ((short) 1L))) != 8L);
    return ((((char) ((byte) -1)) / q0) - v8);
  }

  static int step(long q0, long q1, long q2) {
    if (((q1 - q2) < (256L % ((int) (q1 & 15))))) return ((int) (q2 / q2));
    if ((((!(q1 <= q2)) ? 1785068182 : ((int) (q0 / 0))) == (-128))) {
    } else {
      q1 = (13L >>> (q2 / 4596026));
      q2 = q2;
      if (true) return ((((char) 8) > 32L) ? ((int) ((q1 > 2147483648L) ? q2 : q2)) : (-2263020));
    }
    long v0 = ((-q1) ^ q1);
    return ((int) (v0 | (-26531838319284L)));
  }
}
