package io.bpf4j.micrometer;

import io.bpf4j.runtime.MapHandle;
import java.util.List;
import java.util.Map;

/**
 * Where the meters read a map: every key with its per-CPU values (one value for maps that are not
 * per-CPU). A seam so that the meter logic is tested without a kernel.
 */
interface MapSource<K, V> {
  /** The map's name, for messages. */
  String name();

  /** A snapshot of every entry. */
  Map<K, List<V>> read();

  static <K, V> MapSource<K, V> of(MapHandle<K, V> map) {
    return new MapSource<>() {
      @Override
      public String name() {
        return map.name();
      }

      @Override
      public Map<K, List<V>> read() {
        return map.entriesPerCpu();
      }
    };
  }
}
