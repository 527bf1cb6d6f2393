package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** Maps of every kind, for the map tests; the programs touch them the way BPF code does. */
@License("GPL")
final class MapPrograms {
  @Struct
  static final class Counters {
    long pkts;
    int bytes;
    short small;
    byte tiny;
    boolean flag;
    char letter;
  }

  /** A key with padding after {@code proto} (C puts {@code port} at offset 4). */
  @Struct
  static final class Flow {
    byte proto;
    int port;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Counters> array;

  @Map(type = MapType.ARRAY, maxEntries = 2, name = "longs")
  static BpfMap<Integer, Long> longArray;

  @Map(type = MapType.HASH, maxEntries = 3)
  static BpfMap<Integer, Counters> hash;

  @Map(type = MapType.HASH, maxEntries = 8)
  static BpfMap<Flow, Long> flows;

  @Map(type = MapType.HASH, maxEntries = 4)
  static BpfMap<Long, Integer> boxes;

  @Map(type = MapType.LRU_HASH, maxEntries = 3)
  static BpfMap<Integer, Long> lru;

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 2)
  static BpfMap<Integer, Counters> perCpuArray;

  @Map(type = MapType.PERCPU_HASH, maxEntries = 2)
  static BpfMap<Integer, Long> perCpuHash;

  @Map(type = MapType.LRU_PERCPU_HASH, maxEntries = 2)
  static BpfMap<Integer, Long> lruPerCpu;

  /** Counts the packet in array[0] and perCpuArray[0], and its length in perCpuHash. */
  @Section("socket")
  static int count(SkBuff skb) {
    Counters c = array.lookup(0);
    if (c != null) {
      c.pkts++;
      c.bytes += skb.len();
    }
    Counters p = perCpuArray.lookup(0);
    if (p != null) {
      p.pkts++;
    }
    Long total = perCpuHash.lookup(1);
    perCpuHash.update(1, (total == null ? 0 : total) + skb.len(), BpfMap.ANY);
    return 1;
  }

  private MapPrograms() {}
}
