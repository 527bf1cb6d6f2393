package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: a {@code Long} looked up from a map is an immutable box in Java, so updating
 * the map afterwards must not change it.
 */
@License("GPL")
public final class BoxedLookups {
  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> values;

  @Section("socket")
  public static int reread(SkBuff skb) {
    Long before = values.lookup(0);
    if (before == null) {
      return -1;
    }
    values.update(0, (long) skb.len(), BpfMap.ANY);
    return (int) (long) before;
  }

  private BoxedLookups() {}
}
