package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/** int and long arithmetic: signed division and remainder, shifts, bitwise operators. */
public final class Arithmetic {
  @Section("socket")
  public static int arith(SkBuff skb) {
    int a = skb.len();
    int b = skb.mark();
    long c = skb.hash();
    int q = a / b + a % b;
    long r = c / b - c % 7 + ((long) a << 33) + (c >> 3) + (c >>> 5);
    int s = (a << 3) ^ (a >> 2) ^ (a >>> 1) ^ (a << b) ^ -a ^ ~b;
    long t = (c & 0xff) | (c ^ 0x5a) * -3L;
    return (int) (r + s + q + t) * 3 - 1;
  }

  private Arithmetic() {}
}
