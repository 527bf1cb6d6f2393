package io.bpf4j.examples.bandwidth;

import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;
import java.util.Map;

/**
 * The seed's table reader: another process that opens the pinned {@code bwMonitorMap} and prints
 * {@code pkts} and {@code bytes} per key.
 */
public final class TableReader {
  static final String USAGE =
      String.join(
          "\n",
          "usage: TableReader [--pin-dir DIR] [--watch]",
          "",
          "Prints pkts and bytes per key of the bwMonitorMap pinned under DIR (default",
          "/sys/fs/bpf/my_test), once, or every second with --watch. Run TestLoad first.");

  private TableReader() {}

  public static void main(String[] args) {
    Cli cli = Cli.parse(args, USAGE, "pin-dir").only(USAGE, "watch");
    Path map = cli.pinDir().resolve("bwMonitorMap");
    Cli.run(
        "TableReader",
        () -> {
          try (MapHandle<Integer, TrafficCounters> table =
              MapHandle.openPinned(map, Integer.class, TrafficCounters.class)) {
            do {
              System.out.println(format(table.entries()));
              System.out.flush();
              if (cli.flag("watch")) {
                Thread.sleep(1000);
              }
            } while (cli.flag("watch"));
          }
        });
  }

  /** The table as the seed printed it: one line per key. */
  static String format(Map<Integer, TrafficCounters> entries) {
    StringBuilder sb = new StringBuilder(String.format("%-4s %12s %14s", "key", "pkts", "bytes"));
    for (Map.Entry<Integer, TrafficCounters> e : entries.entrySet()) {
      sb.append(
          String.format("%n%-4d %12d %14d", e.getKey(), e.getValue().pkts, e.getValue().bytes));
    }
    return sb.toString();
  }
}
