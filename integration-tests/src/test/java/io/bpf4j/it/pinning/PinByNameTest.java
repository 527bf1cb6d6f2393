package io.bpf4j.it.pinning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.net.SharedCounter;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Map(pinning = BY_NAME)}: loads share the map pinned under its name, as with libbpf. */
class PinByNameTest {
  private static final Path PIN = Path.of("/sys/fs/bpf/bpf4j_shared");

  @BeforeEach
  void kernel() throws Exception {
    KernelAssumptions.requireRoot();
    KernelAssumptions.requireBpffs();
    Files.deleteIfExists(PIN);
  }

  @AfterEach
  void removePin() throws Exception {
    Files.deleteIfExists(PIN);
  }

  @Test
  void twoLoadsCountIntoTheSamePinnedMap() {
    byte[] packet = new byte[64];
    try (BpfObject first = BpfRuntime.load(SharedCounter.class);
        BpfObject second = BpfRuntime.load(SharedCounter.class)) {
      assertTrue(Files.exists(PIN), "the map was not pinned by name");
      first.program("count").testRun(packet, 3);
      second.program("count").testRun(packet, 4);
      try (MapHandle<Integer, Long> shared = first.map("bpf4j_shared", Integer.class, Long.class)) {
        assertEquals(7L, shared.get(0));
      }
    }
    // The pin outlives both objects, with the count.
    try (MapHandle<Integer, Long> pinned = MapHandle.openPinned(PIN, Integer.class, Long.class)) {
      assertEquals(7L, pinned.get(0));
    }
  }

  @Test
  void pinMapsInMovesThePinRoot() throws Exception {
    Path dir = Path.of("/sys/fs/bpf/bpf4j_pin_root_test");
    Files.createDirectories(dir);
    Path pin = dir.resolve("bpf4j_shared");
    try {
      Files.deleteIfExists(pin);
      byte[] packet = new byte[64];
      try (BpfObject first = BpfRuntime.open(SharedCounter.class).pinMapsIn(dir).load();
          BpfObject second = BpfRuntime.open(SharedCounter.class).pinMapsIn(dir).load()) {
        assertTrue(Files.exists(pin), "the map was not pinned under " + dir);
        assertTrue(!Files.exists(PIN), "the map was pinned under the default root");
        first.program("count").testRun(packet, 2);
        second.program("count").testRun(packet, 3);
      }
      try (MapHandle<Integer, Long> pinned = MapHandle.openPinned(pin, Integer.class, Long.class)) {
        assertEquals(5L, pinned.get(0));
      }
    } finally {
      Files.deleteIfExists(pin);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void anIncompatiblePinIsAnErrorNotAReplacement() {
    try (BpfObject other = BpfRuntime.load(io.bpf4j.examples.bandwidth.BandwidthMonitor.class)) {
      other
          .map(
              "bwMonitorMap",
              Integer.class,
              io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters.class)
          .pin(PIN);
    }
    BpfException e =
        assertThrows(BpfException.class, () -> BpfRuntime.load(SharedCounter.class).close());
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    assertTrue(Files.exists(PIN), "the old pin was replaced");
  }
}
