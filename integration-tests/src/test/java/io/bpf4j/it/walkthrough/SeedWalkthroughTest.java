package io.bpf4j.it.walkthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.Json;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.runtime.TracePipe;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays README's walk-through of the seed, each tool in its own process as a user runs them:
 * TestLoad pins and attaches, bpftool sees the seed's shapes, TableReader agrees with bpftool's
 * dump, and trace_pipe switches from "No tailcall registered!" to the tail program after
 * AddTailcall.
 */
class SeedWalkthroughTest {
  private static final String PACKAGE = "io.bpf4j.examples.bandwidth.";

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireRoot();
    KernelAssumptions.requireBpffs();
    KernelAssumptions.requireTool("bpftool");
    KernelAssumptions.require(
        Files.exists(Path.of("/sys/kernel/tracing/trace_pipe")),
        "tracefs is not mounted: mount -t tracefs nodev /sys/kernel/tracing");
  }

  @Test
  void theSeedStoryHoldsEndToEnd() throws Exception {
    try (PinDir pins = PinDir.create()) {
      Path dir = pins.path();
      Process testLoad = start("TestLoad", "lo", "--pin-dir", dir.toString(), "--seconds", "120");
      try {
        awaitLine(testLoad, "attached");

        // The pins and bpftool's view of them: the seed's names and shapes.
        for (String name : List.of("bwMonitorMap", "tailcallMap", "socketFilter")) {
          assertTrue(Files.exists(dir.resolve(name)), name + " is not pinned");
        }
        Map<?, ?> prog = json("prog", "show", "pinned", dir.resolve("socketFilter"));
        assertEquals("socketFilter", prog.get("name"));
        assertEquals("socket_filter", prog.get("type"));
        Map<?, ?> table = json("map", "show", "pinned", dir.resolve("bwMonitorMap"));
        assertEquals("bwMonitorMap", table.get("name"));
        assertEquals("array", table.get("type"));
        assertEquals(4L, number(table.get("bytes_key")));
        assertEquals(16L, number(table.get("bytes_value")));
        assertEquals(3L, number(table.get("max_entries")));
        Map<?, ?> slots = json("map", "show", "pinned", dir.resolve("tailcallMap"));
        assertEquals("tailcallMap", slots.get("name"));
        assertEquals("prog_array", slots.get("type"));
        assertEquals(1L, number(slots.get("max_entries")));

        // Traffic, then TableReader (another JVM) and bpftool's dump tell the same numbers.
        sendDatagrams(10);
        long[] before = dumpKey1(dir);
        long[] read = tableReaderKey1(dir);
        long[] after = dumpKey1(dir);
        assertTrue(before[0] >= 20, "the 10 datagrams were not counted: " + before[0]);
        for (int i = 0; i < 2; i++) {
          assertTrue(
              before[i] <= read[i] && read[i] <= after[i],
              "TableReader read " + read[i] + ", bpftool dumped " + before[i] + " / " + after[i]);
        }

        // trace_pipe: slot 0 is empty, then AddTailcall fills it from another process.
        try (TracePipe trace = TracePipe.open()) {
          List<String> empty = traceWhileSending(trace);
          assertTrue(
              empty.stream().anyMatch(l -> l.contains("No tailcall registered!")),
              "no 'No tailcall registered!' line in " + empty);
          run("AddTailcall", "--pin-dir", dir.toString());
          assertTrue(Files.exists(dir.resolve("tailcall")), "AddTailcall did not pin the program");
          List<String> filled = traceWhileSending(trace);
          assertTrue(
              filled.stream().anyMatch(l -> l.contains("Tail call reached, pkt len = ")),
              "no tail program line in " + filled);
          assertFalse(
              filled.stream().anyMatch(l -> l.contains("No tailcall registered!")),
              "'No tailcall registered!' after AddTailcall: " + filled);
        }
      } finally {
        testLoad.destroy();
        testLoad.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Process start(String tool, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(javaBinary(), "-cp", System.getProperty("java.class.path"), PACKAGE + tool));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String run(String tool, String... args) throws Exception {
    Process p = start(tool, args);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(tool + " did not finish within 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), tool + " failed:\n" + out);
    return out;
  }

  private static void awaitLine(Process p, String marker) throws IOException {
    StringBuilder seen = new StringBuilder();
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String line;
    while (System.nanoTime() < deadline && (line = in.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(marker)) {
        return;
      }
    }
    fail("TestLoad never printed '" + marker + "':\n" + seen);
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static Map<?, ?> json(Object... bpftoolArgs) {
    List<Object> cmd = new ArrayList<>(List.of(KernelAssumptions.findTool("bpftool"), "-j"));
    cmd.addAll(List.of(bpftoolArgs));
    return (Map<?, ?>) Json.parse(Tools.run(cmd.toArray()).assertSuccess().stdout());
  }

  private static long number(Object o) {
    return ((Number) o).longValue();
  }

  /** pkts and bytes of key 1, from {@code bpftool map dump}. */
  private static long[] dumpKey1(Path dir) {
    Object dump =
        Json.parse(
            Tools.run(
                    KernelAssumptions.findTool("bpftool"),
                    "-j",
                    "map",
                    "dump",
                    "pinned",
                    dir.resolve("bwMonitorMap"))
                .assertSuccess()
                .stdout());
    for (Object e : (List<?>) dump) {
      // With BTF, bpftool -j gives raw bytes and, under "formatted", the decoded entry.
      Map<?, ?> entry = (Map<?, ?>) ((Map<?, ?>) e).get("formatted");
      if (number(entry.get("key")) == 1) {
        Map<?, ?> value = (Map<?, ?>) entry.get("value");
        return new long[] {number(value.get("pkts")), number(value.get("bytes"))};
      }
    }
    throw new AssertionError("no key 1 in " + dump);
  }

  /** pkts and bytes of key 1, as TableReader prints them. */
  private static long[] tableReaderKey1(Path dir) throws Exception {
    String out = run("TableReader", "--pin-dir", dir.toString());
    Matcher m = Pattern.compile("(?m)^1\\s+(\\d+)\\s+(\\d+)$").matcher(out);
    assertTrue(m.find(), "no row for key 1 in TableReader's output:\n" + out);
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  private static void sendDatagrams(int count) throws IOException {
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket sender = new DatagramSocket()) {
      receiver.setSoTimeout(5000);
      for (int i = 0; i < count; i++) {
        sender.send(new DatagramPacket(new byte[16], 16, receiver.getLocalSocketAddress()));
        receiver.receive(new DatagramPacket(new byte[64], 64));
      }
    }
  }

  /** Drains old trace lines, sends a few datagrams, and returns the lines they produced. */
  private static List<String> traceWhileSending(TracePipe trace) throws IOException {
    while (trace.readLine(Duration.ofMillis(300)) != null) {
      // Lines from before this step.
    }
    sendDatagrams(3);
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = trace.readLine(Duration.ofSeconds(1))) != null) {
      lines.add(line);
    }
    return lines;
  }
}
