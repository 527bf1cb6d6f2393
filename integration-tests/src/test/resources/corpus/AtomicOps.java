package corpus;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** Every @Atomic compound assignment on long and int fields, driven by the packet length. */
@License("GPL")
public final class AtomicOps {
  static final long GOLDEN = 0x9E3779B97F4A7C15L;

  @Struct
  public static final class Accumulator {
    @Atomic public long added;
    @Atomic public long subtracted;
    @Atomic public int orBits;
    @Atomic public int andBits;
    @Atomic public long xorBits;
    @Atomic public long count;
    @Atomic public int down;
    @Atomic public int intAdded;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Accumulator> accumulators;

  @Section("socket")
  public static int accumulate(SkBuff skb) {
    Accumulator a = accumulators.lookup(0);
    if (a == null) {
      return 0;
    }
    int len = skb.len();
    a.added += len;
    a.subtracted -= len;
    a.orBits |= 1 << (len & 31);
    a.andBits &= ~(1 << (len & 31));
    a.xorBits ^= len * GOLDEN;
    a.count++;
    a.down--;
    a.intAdded += len * 1000;
    return len;
  }

  private AtomicOps() {}
}
