package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Euclid's algorithm on longs in a BPF-to-BPF call with a bounded loop (92 steps suffice for any
 * two longs), and the least common multiple from it. Returns the gcd's low 32 bits.
 */
@License("GPL")
public final class Gcd {
  @Struct
  public static final class Pair {
    public long a;
    public long b;
    public long gcd;
    public long lcm;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Pair> pairs;

  @Section("socket")
  public static int gcdOfPairs(SkBuff skb) {
    int found = 0;
    for (int k = 0; k < 4; k++) {
      Pair p = pairs.lookup(k);
      if (p == null) {
        continue;
      }
      long g = gcd(p.a, p.b);
      p.gcd = g;
      p.lcm = g == 0 ? 0 : p.a / g * p.b;
      found++;
    }
    return found;
  }

  static long gcd(long a, long b) {
    if (a < 0) {
      a = -a;
    }
    if (b < 0) {
      b = -b;
    }
    for (int i = 0; i < 100 && b != 0; i++) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private Gcd() {}
}
