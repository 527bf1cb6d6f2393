package corpus.sim;

import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfQueue;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: Bpf.loop with an iteration count from the packet (0, small, beyond the
 * kernel's 1 << 23 limit: -E2BIG, negative as u32), a callback that stops at a packet-chosen index,
 * and the callback's work written to globals.
 */
@License("GPL")
public final class LoopEdges {
  @Struct
  public static final class Acc {
    public long sum;
    public int stopAt;
    public int count;
    public long[] buckets = new long[4];
    public long limit;
  }

  @Global static long[] lastBuckets = new long[4];

  @Global static long lastSum;
  @Global static int lastCount;
  @Global static long calls;

  /** Written by the callback itself: a BPF subprogram's store to .bss. */
  @Global static int steps;

  static long step(int index, Acc acc) {
    if (index == acc.stopAt) {
      return 1;
    }
    acc.sum += index ^ acc.stopAt;
    acc.count++;
    steps++;
    return 0;
  }

  @Map(type = MapType.QUEUE, maxEntries = 5)
  static BpfQueue<Integer> pushed;

  @Map(type = MapType.HASH, maxEntries = 8)
  static BpfMap<Integer, Long> byResidue;

  /** Map operations inside the callback: a push per step, a hash update by residue. */
  static long mapWork(int index, Acc acc) {
    int r = pushed.push(index + acc.stopAt, 0);
    if (r != 0) {
      return 1;
    }
    Long old = byResidue.lookup(index % 11);
    byResidue.update(index % 11, (old == null ? 0 : old) + index, BpfMap.ANY);
    return 0;
  }

  @Section("socket")
  public static int mapsInCallback(SkBuff skb) {
    Acc acc = new Acc();
    acc.stopAt = skb.len();
    int drained = 0;
    if ((skb.loadByte(23) & 1) == 0) {
      Integer v = pushed.pop();
      drained = v == null ? 0 : v;
    }
    return Bpf.loop(skb.loadByte(24) & 7, LoopEdges::mapWork, acc) * 100000 + drained;
  }

  /** Stops when the running sum passes a limit taken from the packet. */
  static long spread(int index, Acc acc) {
    acc.buckets[index & 3] += index;
    acc.sum += index;
    return acc.sum > acc.limit ? 1 : 0;
  }

  @Section("socket")
  public static int bucketsUntilLimit(SkBuff skb) {
    Acc acc = new Acc();
    acc.limit = skb.loadHalf(24);
    int r = Bpf.loop(skb.len(), LoopEdges::spread, acc);
    lastBuckets[0] = acc.buckets[0];
    lastBuckets[1] = acc.buckets[1];
    lastBuckets[2] = acc.buckets[2];
    lastBuckets[3] = acc.buckets[3];
    return r;
  }

  @Section("socket")
  public static int loopFromPacket(SkBuff skb) {
    int w = skb.loadWord(26);
    int kind = skb.loadByte(23) & 3;
    int n;
    if (kind == 0) {
      n = w & 0xff;
    } else if (kind == 1) {
      n = w & 0xfff;
    } else if (kind == 2) {
      n = (w & 0x1f) + (1 << 23) - 16;
    } else {
      n = w;
    }
    Acc acc = new Acc();
    acc.stopAt = skb.len() & 0x3ff;
    int r = Bpf.loop(n, LoopEdges::step, acc);
    lastSum = acc.sum;
    lastCount = acc.count;
    calls++;
    return r;
  }

  private LoopEdges() {}
}
