package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Shrunk from a random program: the first iteration continues at once, the second looks up a map
 * value and spills it to a stack slot no earlier instruction touched. The 6.18 verifier's
 * precision backtracking then meets a state of the first iteration that lacks the slot and
 * refuses the program with "verifier bug: stack slot 1, total slots 1". The processor now writes
 * the deepest slot of a function with loops first, so that the whole frame exists from the start.
 */
@License("GPL")
public final class FrameGrowsInLoop {
  @Struct
  public static final class Cell {
    public int f0;
    public short f1;
    public short f2;
    public long f3;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Cell> cells;

  @Map(type = MapType.HASH, maxEntries = 6)
  static BpfMap<Integer, Cell> sparse;

  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Long> longs;

  @Section("socket")
  public static int loop(SkBuff ctx) {
    int v1 = ctx.len();
    long v2 = 4294967295L;
    for (int i = 0; i < 2; i++) {
      if (ctx.cb(3) <= i) {
        continue;
      }
      Cell m = cells.lookup(0);
      if (m != null) {
        int v21 = mix((int) (v1 - v2), ctx.loadByte(3) | v1);
        sparse.delete(m.f1 - ctx.loadWord(4));
        int v22 =
            (int)
                (37 < ctx.loadByte((int) (longs.lookup(0) & 3))
                    ? (v2 != v1 ? (long) v21 : (long) ctx.vlanPresent())
                    : (long) longs.lookup((int) (v2 & 7)));
        v1 += v22;
      }
    }
    return (int) (v1 * 31 + v2);
  }

  static int mix(int q0, long q1) {
    switch (q0) {
      case 2:
        if (8 <= q0) {
          break;
        }
        int v0 = ((((short) -32768) | q0) >>> 8) >> (-32768 % ((q1 - q1) | 1L));
        break;
      default:
        break;
    }
    return (int) (-228452L ^ ~(q0 ^ q1));
  }
}
