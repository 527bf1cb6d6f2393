package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/** Loops with constant trip counts, with break and continue. */
public final class ConstantLoop {
  static final int ROUNDS = 8;

  @Section("socket")
  public static int sum(SkBuff skb) {
    int seed = skb.hash();
    int acc = 0;
    for (int i = 0; i < ROUNDS; i++) {
      if ((seed & (1 << i)) == 0) {
        continue;
      }
      acc += seed ^ i;
      if (acc < 0) {
        break;
      }
    }
    int n = 0;
    while (n < 3) {
      acc = acc * 31 + n;
      n++;
    }
    return acc;
  }

  private ConstantLoop() {}
}
