package io.bpf4j.examples.bandwidth;

import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.PacketSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The seed's {@code test_load}: loads BandwidthMonitor, pins its maps and program under {@code
 * /sys/fs/bpf/my_test}, attaches the program to a packet socket on an interface and prints the
 * table every second.
 */
public final class TestLoad {
  static final String USAGE =
      String.join(
          "\n",
          "usage: TestLoad [interface] [--pin-dir DIR] [--seconds N] [--reset]",
          "",
          "Loads the bandwidth monitor, pins bwMonitorMap, tailcallMap and socketFilter under DIR",
          "(default /sys/fs/bpf/my_test), attaches socketFilter to a packet socket on the",
          "interface (default lo) and prints pkts/bytes per key every second until Ctrl-C (or for",
          "N seconds). The pins stay after exit, for TableReader, AddTailcall and bpftool.",
          "",
          "  --reset     remove pins left in DIR by an earlier run first",
          "",
          "Needs root (or CAP_BPF + CAP_NET_ADMIN + CAP_NET_RAW) and a mounted bpffs.");

  private TestLoad() {}

  public static void main(String[] args) {
    Cli cli = Cli.parse(args, USAGE, "pin-dir", "seconds").only(USAGE, "reset");
    String ifname = cli.positional(0, "lo");
    Path pinDir = cli.pinDir();
    long seconds = Long.parseLong(cli.value("seconds", "-1"));
    Cli.run("TestLoad", () -> run(ifname, pinDir, seconds, cli.flag("reset")));
  }

  private static void run(String ifname, Path pinDir, long seconds, boolean reset)
      throws Exception {
    if (reset) {
      removePins(pinDir);
    } else if (Files.isDirectory(pinDir) && !isEmpty(pinDir)) {
      Cli.fail(
          pinDir
              + " already holds pins from an earlier run; pass --reset to replace them"
              + " (or use --pin-dir)");
    }
    try (BpfObject obj = BpfRuntime.load(BandwidthMonitor.class);
        MapHandle<Integer, TrafficCounters> table =
            obj.map("bwMonitorMap", Integer.class, TrafficCounters.class);
        PacketSocket socket = PacketSocket.bind(ifname)) {
      obj.pin(pinDir);
      socket.attach(obj.program("socketFilter"));
      System.out.println("socketFilter attached to " + ifname + "; pinned under " + pinDir);
      System.out.flush();
      for (long tick = 0; seconds < 0 || tick < seconds; tick++) {
        Thread.sleep(1000);
        System.out.println(TableReader.format(table.entries()));
        System.out.flush();
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** Removes {@code dir} and everything pinned in it. */
  static void removePins(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
