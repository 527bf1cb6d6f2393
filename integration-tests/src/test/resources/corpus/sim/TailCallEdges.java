package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.TailCallTarget;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: how long a tail-call chain may be, whether a tail call into an empty slot
 * counts toward that limit, and indexes outside the array.
 */
@License("GPL")
public final class TailCallEdges {
  @Map(type = MapType.PROG_ARRAY, maxEntries = 4)
  static ProgArray jumps;

  /** [0]: chain runs, [1]: selfOnly runs, [2]: outside's fall-throughs. */
  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Long> counts;

  /** Tries the empty slot 3, then itself (slot 0). */
  @TailCallTarget(map = "jumps", index = 0)
  @Section("socket")
  public static int chain(SkBuff skb) {
    long n = bump(0);
    jumps.tailCall(skb, 3);
    jumps.tailCall(skb, 0);
    return (int) n;
  }

  /** Tail-calls only itself (slot 1). */
  @TailCallTarget(map = "jumps", index = 1)
  @Section("socket")
  public static int selfOnly(SkBuff skb) {
    long n = bump(1);
    jumps.tailCall(skb, 1);
    return (int) n;
  }

  /** Indexes past the end and negative ones fall through. */
  @Section("socket")
  public static int outside(SkBuff skb) {
    jumps.tailCall(skb, skb.len());
    jumps.tailCall(skb, -1);
    jumps.tailCall(skb, 4);
    return (int) bump(2);
  }

  static long bump(int key) {
    Long v = counts.lookup(key);
    long n = v == null ? 0 : v + 1;
    counts.update(key, n, BpfMap.ANY);
    return n;
  }

  private TailCallEdges() {}
}
