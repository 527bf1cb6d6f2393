package io.bpf4j.examples.net;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Pinning;
import io.bpf4j.lang.SkBuff;

/**
 * A packet counter whose map is pinned by name ({@code /sys/fs/bpf/bpf4j_shared}), so every process
 * that loads this class counts into the same map, as libbpf's {@code LIBBPF_PIN_BY_NAME} does.
 */
@License("GPL")
public final class SharedCounter {
  @Map(type = MapType.ARRAY, maxEntries = 1, name = "bpf4j_shared", pinning = Pinning.BY_NAME)
  static BpfMap<Integer, Long> shared;

  @Section("socket")
  public static int count(SkBuff skb) {
    Long packets = shared.lookup(0);
    if (packets != null) {
      shared.update(0, packets + 1, BpfMap.ANY);
    }
    return 0;
  }

  private SharedCounter() {}
}
