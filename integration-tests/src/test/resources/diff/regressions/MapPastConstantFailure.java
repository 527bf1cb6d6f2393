package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * A division by constant zero always ends the program, so the translator stopped the block there;
 * but the maps (and boxed keys) javac keeps on the operand stack across the following {@code ?:}
 * were then never passed on to its arms, which the processor refused as "a map stored in a local
 * variable". The code after such an operation is now translated into a block nothing reaches.
 */
@License("GPL")
public final class MapPastConstantFailure {
  @Struct
  public static final class Cell {
    public long value;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Cell> cells;

  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Long> longs;

  @Section("socket")
  public static int afterZeroDivisor(SkBuff ctx) {
    int x = 0;
    if (ctx.len() > 50) {
      x = ctx.len() / 0;
    }
    Cell c = cells.lookup((int) (((long) longs.lookup(x != 2 ? 5 : 7)) & 3));
    if (c != null) {
      return (int) c.value;
    }
    return 1;
  }

  @Section("socket")
  public static int zeroDivisorInKey(SkBuff ctx) {
    int[] a = new int[2];
    longs.update(ctx.len() & 7, (long) (a[ctx.len() & 1] / 0 + (ctx.len() > 3 ? 1 : 2)), 0L);
    return 2;
  }
}
