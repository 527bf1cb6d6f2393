package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Java's unsigned int comparison idiom, the sign bit of both sides flipped, against a value and
 * against a constant: one unsigned jump each, no xor.
 */
public final class UnsignedOrder {
  static boolean below(int a, int b) {
    return (a ^ Integer.MIN_VALUE) < (b ^ Integer.MIN_VALUE);
  }

  @Section("socket")
  public static int prog(SkBuff skb) {
    int hash = skb.hash();
    int mark = skb.mark();
    if (below(hash, mark)) {
      return 1;
    }
    if ((hash ^ Integer.MIN_VALUE) >= (0xf0000000 ^ Integer.MIN_VALUE)) {
      return 2;
    }
    return 3;
  }
}
