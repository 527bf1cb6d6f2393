package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Counted loops over an array in strides: with {@code i += 2} from 0 and {@code i < 64}, both
 * {@code a[i]} and {@code a[i + 1]} are in bounds, so neither keeps its bounds check. With {@code i
 * += 3}, {@code i} reaches 63 and {@code a[i + 1]} may be out of bounds: that check stays.
 */
public final class StridedLoop {
  @Section("socket")
  public static int pairs(SkBuff skb) {
    byte[] a = new byte[64];
    if (skb.loadBytes(0, a) < 0) {
      return 0;
    }
    int sum = 0;
    for (int i = 0; i < 64; i += 2) {
      sum += (a[i] & 0xff) << 8 | (a[i + 1] & 0xff);
    }
    return sum;
  }

  @Section("socket")
  public static int triples(SkBuff skb) {
    byte[] a = new byte[64];
    if (skb.loadBytes(0, a) < 0) {
      return 0;
    }
    int sum = 0;
    for (int i = 0; i < 64; i += 3) {
      sum += a[i] ^ a[i + 1];
    }
    return sum;
  }
}
