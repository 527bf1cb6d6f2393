package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator, which runs this as plain Java: where Java throws (in the program or in a
 * method it calls) the program returns 0 with what it wrote so far kept; conditions with side
 * effects short-circuit; labeled loops; division overflow.
 */
@License("GPL")
public final class JavaSemantics {
  @Struct
  public static final class Cell {
    public int value;
    public long total;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Cell> cells;

  @Map(type = MapType.HASH, maxEntries = 4)
  static BpfMap<Integer, Cell> sparse;

  /** Divides in a called method: a zero divisor ends the whole program. */
  @Section("socket")
  public static int divideInCallee(SkBuff skb) {
    Cell c = cells.lookup(0);
    if (c != null) {
      c.total += 1; // kept even when the division fails
    }
    return 1000 / modSeven(skb.len()) + 1;
  }

  static int modSeven(int x) {
    return x % 7;
  }

  /** An index from the packet into a 5-element array. */
  @Section("socket")
  public static int arrayIndex(SkBuff skb) {
    int[] table = new int[5];
    for (int i = 0; i < table.length; i++) {
      table[i] = i * 10 + 1;
    }
    Cell c = cells.lookup(1);
    if (c != null) {
      c.total += skb.len();
    }
    return table[skb.len() & 7];
  }

  /** A missing key's value dereferenced in a called method. */
  @Section("socket")
  public static int nullInCallee(SkBuff skb) {
    if ((skb.len() & 1) == 0) {
      Cell fresh = new Cell();
      fresh.value = skb.len();
      sparse.update(skb.len() & 3, fresh, BpfMap.ANY);
    }
    return valueOf(sparse.lookup(skb.len() & 3)) + 1;
  }

  static int valueOf(Cell c) {
    return c.value;
  }

  /** Conditions with side effects on maps, evaluated left to right and short-circuited. */
  @Section("socket")
  public static int shortCircuit(SkBuff skb) {
    int len = skb.len();
    Cell fresh = new Cell();
    fresh.value = len;
    int result = 0;
    if ((len & 1) == 0 && sparse.update(len & 3, fresh, BpfMap.NOEXIST) == 0) {
      result += 1;
    }
    if ((len & 2) == 0 || sparse.delete(len & 3) == 0) {
      result += 10;
    }
    outer:
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        if (j > i) {
          continue outer;
        }
        if (i * j == (len & 7)) {
          break outer;
        }
        result += 100;
      }
    }
    return result;
  }

  /** Integer overflow cases of division and remainder. */
  @Section("socket")
  public static int overflow(SkBuff skb) {
    int min = Integer.MIN_VALUE + (skb.len() & 0);
    int minusOne = -1 - (skb.len() & 0);
    long lmin = Long.MIN_VALUE + (skb.len() & 0);
    Cell c = cells.lookup(3);
    if (c != null) {
      c.value = min / minusOne;
      c.total = lmin / minusOne + lmin % minusOne;
    }
    return min % minusOne;
  }

  private JavaSemantics() {}
}
