package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Bpf.loop (bpf_loop, kernel 5.17+): 1000 iterations summing their indexes into a @Struct on the
 * stack, a callback that stops at the packet length, and a lambda. The results go to an array.
 */
@License("GPL")
public final class BpfLoops {
  @Struct
  public static final class Acc {
    public long sum;
    public int count;
    public int stopAt;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Long> results;

  static long add(int index, Acc acc) {
    if (index == acc.stopAt) {
      return 1;
    }
    acc.sum += index;
    acc.count += 1;
    return 0;
  }

  @Section("socket")
  public static int sum(SkBuff skb) {
    Acc acc = new Acc();
    acc.stopAt = -1;
    int calls = Bpf.loop(1000, BpfLoops::add, acc);
    results.update(0, acc.sum, 0);
    results.update(1, (long) acc.count, 0);
    results.update(2, (long) calls, 0);
    Acc squares = new Acc();
    Bpf.loop(
        10,
        (i, a) -> {
          a.sum += (long) i * i;
          return 0;
        },
        squares);
    results.update(3, squares.sum, 0);
    return calls;
  }

  @Section("socket")
  public static int stopAtLength(SkBuff skb) {
    Acc acc = new Acc();
    acc.stopAt = skb.len();
    return Bpf.loop(1000, BpfLoops::add, acc);
  }

  private BpfLoops() {}
}
