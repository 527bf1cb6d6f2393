package io.bpf4j.it.runtime;

import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;

/**
 * Child JVM of {@link SecondProcessTest}: opens the {@code bwMonitorMap} pinned at {@code args[0]}
 * and reports key 1 as {@code pkts=} and {@code bytes=} lines.
 */
public final class PinnedTableReader {
  private PinnedTableReader() {}

  public static void main(String[] args) {
    try (MapHandle<Integer, TrafficCounters> table =
        MapHandle.openPinned(Path.of(args[0]), Integer.class, TrafficCounters.class)) {
      TrafficCounters c = table.get(1);
      System.out.println("pkts=" + c.pkts);
      System.out.println("bytes=" + c.bytes);
      System.out.println("keys=" + table.keys());
    }
  }
}
