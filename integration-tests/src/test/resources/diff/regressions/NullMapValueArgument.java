package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * A looked-up value passed, unchecked, as the value of {@code update}: where the key is missing it
 * is null, which the helper would dereference. The processor passed it on and the verifier refused
 * the program; the simulator threw. Both now end the program with 0 there, like a dereference.
 */
@License("GPL")
public final class NullMapValueArgument {
  @Struct
  public static final class Cell {
    public long value;
    public int count;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Cell> cells;

  @Map(type = MapType.HASH, maxEntries = 4)
  static BpfMap<Integer, Cell> sparse;

  @Section("socket")
  public static int arrayValue(SkBuff ctx) {
    Cell c = cells.lookup(ctx.len() & 7);
    return cells.update(0, c, BpfMap.NOEXIST) + 10;
  }

  @Section("tc")
  public static int hashValue(SkBuff ctx) {
    Cell c = sparse.lookup(ctx.len() & 3);
    return sparse.update(ctx.len() & 1, c, BpfMap.ANY) + 10;
  }
}
