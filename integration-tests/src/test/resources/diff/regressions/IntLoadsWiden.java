package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/**
 * An int loaded from memory (an array element, a struct field) is read by a plain 32-bit load,
 * which zero-extends; the range pass took it for sign-extended and dropped the sign extension of
 * {@code (long) x}, so a negative int became 4294967295 and the like.
 */
@License("GPL")
public final class IntLoadsWiden {
  @Struct
  public static final class Cell {
    public int count;
    public long total;
  }

  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Long> longs;

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Cell> cells;

  @Section("xdp")
  public static int arrayElement(XdpMd ctx) {
    int[] a = new int[2];
    a[0]--;
    longs.update(0, (long) a[ctx.loadByte(1) & 1], 0L);
    return 1;
  }

  @Section("socket")
  public static int structField(SkBuff ctx) {
    Cell c = cells.lookup(0);
    if (c == null) {
      return 0;
    }
    c.count = -ctx.len();
    long wide = c.count;
    c.total = wide;
    return (int) (wide >> 32);
  }

  @Section("tc")
  public static int stackObject(SkBuff ctx) {
    Cell s = new Cell();
    s.count = Integer.MIN_VALUE + ctx.len();
    return (int) (((long) s.count) >>> 40);
  }
}
