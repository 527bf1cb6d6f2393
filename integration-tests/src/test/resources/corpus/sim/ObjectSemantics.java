package corpus.sim;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: objects and arrays from {@code new} start zeroed every time, struct keys with
 * padding compare by their fields, Long keys, and {@code @Atomic} fields of stack objects.
 */
@License("GPL")
public final class ObjectSemantics {
  @Struct
  public static final class Acc {
    public int value;
    @Atomic public long count;
  }

  /** Padding after proto (3 bytes) and after flag (1 byte): 12 bytes in C. */
  @Struct
  public static final class PaddedKey {
    public byte proto;
    public int port;
    public boolean flag;
    public short tag;
  }

  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<PaddedKey, Long> byKey;

  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<Long, Integer> byLong;

  /** A {@code new} in a loop starts from zero in every iteration. */
  @Section("socket")
  public static int freshEachIteration(SkBuff skb) {
    int sum = 0;
    for (int i = 0; i < 4; i++) {
      Acc a = new Acc();
      a.value += i + skb.len();
      a.count += 1;
      sum += a.value + (int) a.count;
      int[] hits = new int[3];
      hits[(i + skb.len()) % 3] += 5;
      sum += hits[0] * 1 + hits[1] * 10 + hits[2] * 100;
    }
    return sum;
  }

  /** Keys built field by field, padding and all. */
  @Section("tc")
  public static int paddedKeys(SkBuff skb) {
    PaddedKey k = new PaddedKey();
    k.proto = (byte) skb.loadByte(12);
    k.port = skb.len() & 0xff;
    k.flag = (skb.len() & 1) != 0;
    k.tag = (short) (skb.len() * 1000);
    Long v = byKey.lookup(k);
    byKey.update(k, (v == null ? 0 : v) + 1, BpfMap.ANY);
    long wide = ((long) skb.len() << 40) | skb.loadByte(13);
    Integer n = byLong.lookup(wide);
    byLong.update(wide, (n == null ? 0 : n) + 1, BpfMap.ANY);
    return v == null ? 0 : (int) (long) v;
  }

  private ObjectSemantics() {}
}
