package io.bpf4j.it.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.PerfBufferReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Perf buffer samples written with {@code bpf_perf_event_output} by a clang-built socket filter
 * (c/perf_output.c; the Java side of PerfEventArray comes with the processor's issue-12 work) reach
 * Java through {@link PerfBufferReader}: in order and none lost when the ring is large enough,
 * counted in {@code lost()} when it is not, wrapping records included.
 */
class PerfBufferEventsTest {
  @TempDir Path tmp;

  @Test
  void everySampleArrivesInOrderWithARingLargeEnough() {
    int runs = 2000;
    try (BpfObject obj = EventPrograms.perfOutput(tmp);
        PerfBufferReader<Event> reader = obj.perfBuffer("events", Event.class, 64)) {
      // The array was declared without max_entries: the loader gave it a slot per possible CPU,
      // so every online CPU has a ring.
      assertEquals(Runtime.getRuntime().availableProcessors(), reader.cpus().length);
      assertEquals(1, obj.program("perf_record").testRun(EventPrograms.PACKET, runs).retval());
      List<Event> seen = new ArrayList<>();
      while (seen.size() < runs) {
        assertTrue(reader.poll(Duration.ofSeconds(5), seen::add) > 0, "after " + seen.size());
      }
      assertEquals(0, reader.poll(Duration.ofMillis(20), seen::add));
      for (int i = 0; i < runs; i++) {
        assertEquals(i, seen.get(i).seq, "sample " + i);
        assertEquals(EventPrograms.SEEN_LENGTH, seen.get(i).len);
      }
      assertEquals(0, reader.lost());
      System.out.printf(
          "[bpf4j-it] perf buffer: %d samples in order over %d CPU rings, lost %d%n",
          runs, reader.cpus().length, reader.lost());
    }
  }

  /**
   * One page per CPU holds 4096 / 40 = 102 samples: 1000 samples written at once overflow it, and
   * the kernel's lost-sample records say by how much. Each poll between runs of 60 lets the ring
   * wrap many times, so records crossing the ring's end are read too.
   */
  @Test
  void samplesThatDoNotFitAreCountedAsLostAndWrappingRecordsAreRead() {
    try (BpfObject obj = EventPrograms.perfOutput(tmp);
        PerfBufferReader<Event> reader = obj.perfBuffer("events", Event.class, 1)) {
      List<Event> seen = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        obj.program("perf_record").testRun(EventPrograms.PACKET, 60);
        reader.poll(Duration.ofSeconds(1), seen::add);
      }
      assertEquals(3000, seen.size(), "60 samples fit a page; none lost");
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(i, seen.get(i).seq);
      }
      obj.program("perf_record").testRun(EventPrograms.PACKET, 1000);
      int received = reader.drain(seen::add);
      // The kernel reports the loss with the next sample that fits, once there is room again.
      obj.program("perf_record").testRun(EventPrograms.PACKET, 1);
      received += reader.drain(seen::add);
      assertTrue(reader.lost() > 0, "a full ring loses samples");
      assertEquals(1001, received + reader.lost(), "received " + received + " + lost");
      System.out.printf(
          "[bpf4j-it] perf buffer of 1 page per CPU: 1001 samples -> %d received, %d lost%n",
          received, reader.lost());
    }
  }

  @Test
  void closeWakesAPollAndPagesPerCpuMustBeAPowerOfTwo() throws Exception {
    try (BpfObject obj = EventPrograms.perfOutput(tmp)) {
      assertThrows(IllegalArgumentException.class, () -> obj.perfBuffer("events", byte[].class, 3));
      PerfBufferReader<byte[]> reader = obj.perfBuffer("events", byte[].class, 2);
      CompletableFuture<Integer> poll =
          CompletableFuture.supplyAsync(() -> reader.poll(Duration.ofMinutes(5), e -> {}));
      Thread.sleep(200);
      reader.close();
      assertEquals(0, poll.get(5, TimeUnit.SECONDS));
      // The map's slots were emptied: the program's output now fails (ENOENT), nothing arrives.
      assertEquals(0, obj.program("perf_record").testRun(EventPrograms.PACKET, 1).retval());
    }
  }
}
