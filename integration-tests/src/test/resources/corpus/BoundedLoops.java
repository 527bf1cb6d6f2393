package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Loops the verifier can bound: a constant trip count with continue and break, {@code i < n} with
 * n clamped to [0, 32], a while loop with a step limit (the Collatz sequence of the packet length)
 * and a do-while.
 */
@License("GPL")
public final class BoundedLoops {
  static final int MAX_N = 32;

  @Struct
  public static final class Config {
    public int n;
    public int limit;
  }

  @Struct
  public static final class Sums {
    public int constSum;
    public int skipped;
    public int stoppedAt;
    public int boundedSum;
    public int collatzSteps;
    public int bitLength;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Config> configs;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Sums> sums;

  @Section("socket")
  public static int loop(SkBuff skb) {
    Config cfg = configs.lookup(0);
    Sums out = sums.lookup(0);
    if (cfg == null || out == null) {
      return 0;
    }
    int len = skb.len();

    int sum = 0;
    int skipped = 0;
    int stoppedAt = 16;
    for (int i = 0; i < 16; i++) {
      if (i % 3 == 0) {
        skipped++;
        continue;
      }
      sum += i * len;
      if (sum > cfg.limit) {
        stoppedAt = i;
        break;
      }
    }
    out.constSum = sum;
    out.skipped = skipped;
    out.stoppedAt = stoppedAt;

    int n = cfg.n;
    if (n > MAX_N) {
      n = MAX_N;
    }
    if (n < 0) {
      n = 0;
    }
    int bounded = 0;
    for (int i = 0; i < n; i++) {
      bounded += (i ^ len) & 0xff;
    }
    out.boundedSum = bounded;

    int x = len;
    int steps = 0;
    while (x > 1 && steps < 300) {
      x = (x & 1) == 0 ? x / 2 : 3 * x + 1;
      steps++;
    }
    out.collatzSteps = steps;

    int v = len;
    int bits = 0;
    do {
      v >>>= 1;
      bits++;
    } while (v != 0 && bits < 32);
    out.bitLength = bits;
    return steps;
  }

  private BoundedLoops() {}
}
