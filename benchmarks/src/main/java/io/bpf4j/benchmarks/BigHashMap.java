package io.bpf4j.benchmarks;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * The object of {@link MapReadBenchmark}: one HASH map of a million entries whose value is a
 * struct, so that its BTF names the fields, and a trivial program that refers to it.
 */
@License("GPL")
public final class BigHashMap {

  /** The value of {@code big}: two counters. */
  @Struct
  public static final class Counters {
    public long packets;
    public long bytes;
  }

  @Map(type = MapType.HASH, maxEntries = 1_000_000)
  static BpfMap<Integer, Counters> big;

  @Section("socket")
  public static int touch(SkBuff skb) {
    int key = 0;
    Counters c = big.lookup(key);
    if (c != null) {
      return 1;
    }
    return 0;
  }

  private BigHashMap() {}
}
