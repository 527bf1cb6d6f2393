package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Booleans a small method returns, tested by its caller: after inlining, each arm branches straight
 * to the caller's targets instead of materializing 0 or 1 in a register and testing it; and a boxed
 * lookup result tested against null, whose box is a stack address on one arm and null on the other.
 */
public final class BooleanBranches {
  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Long> totals;

  static boolean outside(int x) {
    return x < 60 || x > 1500;
  }

  @Section("socket")
  public static int prog(SkBuff skb) {
    if (outside(skb.len())) {
      return 0;
    }
    Long total = totals.lookup(skb.loadByte(9) & 3);
    if (total == null) {
      return 1;
    }
    return skb.len();
  }
}
