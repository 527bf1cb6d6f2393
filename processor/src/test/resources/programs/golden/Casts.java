package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/** Narrowing and widening casts between the integer types. */
public final class Casts {
  @Section("socket")
  public static int casts(SkBuff skb) {
    int len = skb.len();
    byte b = (byte) len;
    short s = (short) len;
    char c = (char) len;
    long l = len;
    long neg = (long) (byte) skb.mark();
    int back = (int) (l * 1000003L);
    boolean big = len > 1500;
    return b + s + c + back + (int) (neg >> 1) + (big ? 1 : 0);
  }

  private Casts() {}
}
