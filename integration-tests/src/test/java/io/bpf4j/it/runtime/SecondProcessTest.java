package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TracePipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's multi-process workflow: one process loads and pins BandwidthMonitor; another reads the
 * pinned table ({@code TableReader}); another installs the tail-call target into the pinned prog
 * array ({@code AddTailcall}) and exits, after which the first process's program reaches the tail
 * program, as the trace pipe shows.
 *
 * <p>The packets are 77 bytes, which the program sees as {@code skb->len} 63 (BPF_PROG_TEST_RUN
 * pulls the Ethernet header), a length that makes this test's trace lines recognizable among any
 * others.
 */
class SecondProcessTest {
  static final int PACKET = 77;
  static final int SEEN_LEN = PACKET - 14;
  static final String NO_TAILCALL = "No tailcall registered!";
  static final String TAIL_REACHED = "Tail call reached, pkt len = " + SEEN_LEN;
  static final Duration READ_FOR = Duration.ofSeconds(2);

  @Test
  void anotherProcessReadsThePinnedTable() {
    KernelAssumptions.requireBpffs();
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(BandwidthMonitor.class)) {
      obj.pin(pins.path());
      BpfProgram program = obj.program("socketFilter");
      program.testRun(new byte[PACKET], 6);
      program.testRun(new byte[100], 4);
      TrafficCounters mine;
      try (MapHandle<Integer, TrafficCounters> table =
          obj.map("bwMonitorMap", Integer.class, TrafficCounters.class)) {
        mine = table.get(1);
      }
      assertEquals(10, mine.pkts);
      assertEquals(6L * SEEN_LEN + 4L * (100 - 14), mine.bytes);

      ChildJvm.Result reader =
          ChildJvm.run(PinnedTableReader.class, pins.resolve("bwMonitorMap").toString())
              .assertSuccess();
      System.out.printf(
          "[bpf4j-it] parent: pkts=%d bytes=%d; child reading the pin: pkts=%s bytes=%s%n",
          mine.pkts, mine.bytes, reader.value("pkts"), reader.value("bytes"));
      assertEquals(mine.pkts, reader.longValue("pkts"), reader.describe());
      assertEquals(mine.bytes, reader.longValue("bytes"), reader.describe());
      assertEquals("[0, 1, 2]", reader.value("keys"), reader.describe());
    }
  }

  @Test
  void tailCallInstalledByAnotherProcessIsReached() {
    KernelAssumptions.requireBpffs();
    requireTracefs();
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(BandwidthMonitor.class);
        TracePipe trace = TracePipe.open()) {
      obj.pin(pins.path());
      BpfProgram program = obj.program("socketFilter");
      drain(trace);

      // Slot 0 is empty: the program falls through the tail call.
      program.testRun(new byte[PACKET], 1);
      List<String> before = read(trace, READ_FOR);
      assertTrue(
          before.stream().anyMatch(l -> l.contains("pkt len = " + SEEN_LEN + ",")),
          "the program's own line\n" + String.join("\n", before));
      assertTrue(
          before.stream().anyMatch(l -> l.contains(NO_TAILCALL)),
          "with an empty slot the program prints '"
              + NO_TAILCALL
              + "'\n"
              + String.join("\n", before));
      assertTrue(
          before.stream().noneMatch(l -> l.contains(TAIL_REACHED)), String.join("\n", before));

      ChildJvm.Result installer =
          ChildJvm.run(
                  TailcallInstaller.class,
                  pins.resolve("tailcallMap").toString(),
                  pins.resolve("tailcall").toString())
              .assertSuccess();
      assertTrue(
          Files.exists(pins.resolve("tailcall")),
          "the tail program is pinned\n" + installer.describe());

      drain(trace);
      program.testRun(new byte[PACKET], 1);
      List<String> after = read(trace, READ_FOR);
      System.out.println(
          "[bpf4j-it] trace after the tail call was installed:\n  " + String.join("\n  ", after));
      assertTrue(
          after.stream().anyMatch(l -> l.contains(TAIL_REACHED)),
          "the tail program's line '" + TAIL_REACHED + "'\n" + String.join("\n", after));
      assertTrue(
          after.stream().noneMatch(l -> l.contains(NO_TAILCALL)),
          "no '" + NO_TAILCALL + "' once slot 0 is set\n" + String.join("\n", after));
    }
  }

  /** tracefs must be mounted: the trace pipe is where {@code Bpf.printk} lines appear. */
  static void requireTracefs() {
    KernelAssumptions.requireRoot();
    KernelAssumptions.require(
        Files.exists(Path.of("/sys/kernel/tracing/trace_pipe"))
            || Files.exists(Path.of("/sys/kernel/debug/tracing/trace_pipe")),
        "tracefs is not mounted, so there is no trace_pipe to read Bpf.printk lines from; mount it"
            + " with: mount -t tracefs nodev /sys/kernel/tracing");
  }

  /** Consumes what is already in the pipe: lines until none comes for 300 ms (at most 10 s). */
  private static void drain(TracePipe trace) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && trace.readLine(Duration.ofMillis(300)) != null) {
      // Old lines, of earlier runs.
    }
  }

  /** Every line that arrives within {@code window}. */
  private static List<String> read(TracePipe trace, Duration window) {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      String line = trace.readLine(Duration.ofNanos(left));
      if (line != null) {
        lines.add(line);
      }
    }
    return lines;
  }
}
