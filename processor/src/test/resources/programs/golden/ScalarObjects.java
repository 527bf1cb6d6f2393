package golden;

import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Stack objects that never leave the method become registers (scalar replacement): a cursor that
 * an inlined method advances, with fields of every width. Two stay in memory: one a helper reads,
 * and one stored to inside a loop (registers there would defeat the verifier's state pruning).
 */
public final class ScalarObjects {
  @Struct
  public static final class Cursor {
    public int pos;
    public short proto;
    public byte ttl;
    public long bytes;
  }

  @Struct
  public static final class Counter {
    public int n;
  }

  @Map(type = MapType.HASH, maxEntries = 4)
  static BpfMap<Integer, Cursor> seen;

  static void advance(Cursor c, int by) {
    c.pos += by;
    c.bytes += by;
  }

  @Section("socket")
  public static int scalars(SkBuff skb) {
    Cursor c = new Cursor();
    c.proto = (short) skb.protocol();
    c.ttl = (byte) skb.mark();
    if (skb.len() > 100) {
      advance(c, 14);
    } else {
      advance(c, 20);
    }
    Counter k = new Counter();
    for (int i = 0; i < 4; i++) {
      if (skb.hash() > i) {
        k.n += i;
      }
    }
    Cursor kept = new Cursor();
    kept.pos = c.pos;
    seen.update(1, kept, BpfMap.ANY);
    return c.pos + c.proto + c.ttl + (int) c.bytes + k.n;
  }

  private ScalarObjects() {}
}
