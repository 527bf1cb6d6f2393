package io.bpf4j.processor.model;

import java.util.Map;

/**
 * Kernel ids of the {@code io.bpf4j.lang.MapType} constants. The processor reads annotations as
 * mirrors, so it keeps its own table rather than loading the user's annotation classes.
 */
final class MapTypes {
  static final Map<String, Integer> IDS =
      Map.ofEntries(
          Map.entry("HASH", 1),
          Map.entry("ARRAY", 2),
          Map.entry("PROG_ARRAY", 3),
          Map.entry("PERF_EVENT_ARRAY", 4),
          Map.entry("PERCPU_HASH", 5),
          Map.entry("PERCPU_ARRAY", 6),
          Map.entry("LRU_HASH", 9),
          Map.entry("LRU_PERCPU_HASH", 10),
          Map.entry("LPM_TRIE", 11),
          Map.entry("QUEUE", 22),
          Map.entry("STACK", 23),
          Map.entry("RINGBUF", 27));

  private MapTypes() {}
}
