package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: per-CPU hash maps (a new element is zero on the other CPUs, a present one
 * updates in place), a per-CPU hash map filling up (-E2BIG), and LRU maps kept below their size
 * (the kernel's LRU is approximate once full).
 */
@License("GPL")
public final class PerCpuHashes {
  @Struct
  public static final class Stat {
    public long packets;
    public int lastLen;
    public short cpu;
  }

  @Map(type = MapType.PERCPU_HASH, maxEntries = 8)
  static BpfMap<Integer, Stat> byLowBits;

  @Map(type = MapType.LRU_PERCPU_HASH, maxEntries = 16)
  static BpfMap<Integer, Long> bytesByClass;

  @Map(type = MapType.LRU_HASH, maxEntries = 16)
  static BpfMap<Integer, Long> lastSeen;

  @Section("tc")
  public static int count(SkBuff skb) {
    int len = skb.len();
    int key = len & 15;
    Stat s = byLowBits.lookup(key);
    int result;
    if (s != null) {
      s.packets++;
      s.lastLen = len;
      result = 1;
    } else {
      Stat fresh = new Stat();
      fresh.packets = 1;
      fresh.lastLen = len;
      fresh.cpu = (short) Bpf.getSmpProcessorId();
      result = byLowBits.update(key, fresh, BpfMap.NOEXIST);
    }
    Long bytes = bytesByClass.lookup(len & 7);
    bytesByClass.update(len & 7, (bytes == null ? 0 : bytes) + len, BpfMap.ANY);
    lastSeen.update(len & 7, (long) len, BpfMap.ANY);
    return result;
  }

  private PerCpuHashes() {}
}
