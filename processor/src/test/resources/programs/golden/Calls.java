package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/** Calls to static methods of the same class (BPF-to-BPF calls or inlined). */
public final class Calls {
  static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  static long scale(long v) {
    return v * 10;
  }

  @Section("socket")
  public static int calls(SkBuff skb) {
    return clamp(skb.len(), 64, 1500) + (int) scale(skb.mark());
  }

  private Calls() {}
}
