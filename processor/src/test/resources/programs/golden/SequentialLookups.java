package golden;

import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Sequential lookups, each with its own box, and two objects that are never in use together: the
 * stack slots whose lives do not overlap share bytes (issue 17, item 6).
 */
public final class SequentialLookups {
  @Struct
  public static final class Pair {
    public long a;
    public long b;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Long> table;

  @Map(type = MapType.HASH, maxEntries = 4)
  static BpfMap<Integer, Pair> pairs;

  @Section("socket")
  public static int lookups(SkBuff skb) {
    long sum = 0;
    Long v = table.lookup(0);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(1);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(2);
    if (v != null) {
      sum += v;
    }
    Pair first = new Pair();
    first.a = sum;
    pairs.update(1, first, BpfMap.ANY);
    Pair second = new Pair();
    second.b = skb.len();
    pairs.update(2, second, BpfMap.ANY);
    return (int) sum;
  }

  private SequentialLookups() {}
}
