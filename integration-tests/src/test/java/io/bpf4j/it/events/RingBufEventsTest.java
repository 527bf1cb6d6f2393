package io.bpf4j.it.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.PinDir;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.RingBufPoller;
import io.bpf4j.runtime.RingBufReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Ring buffer records written by a Java BPF program (corpus/SequencedEvents.java) reach Java
 * exactly: every record, in order, none lost, decoded into {@link Event}; a reader blocked in
 * {@code poll} is woken by {@code close}; pinned rings open; two rings share one epoll.
 */
class RingBufEventsTest {
  /** 1000 records of 24 + 8 bytes fit the 64 KiB ring: one test run writes them all. */
  static final int RUNS = 1000;

  @Test
  void everyRecordOfATestRunArrivesInOrder() {
    try (BpfObject obj = EventPrograms.sequencedEvents();
        RingBufReader<Event> reader = obj.ringBuf("events", Event.class)) {
      assertEquals(1, obj.program("record").testRun(EventPrograms.PACKET, RUNS).retval());
      List<Event> seen = new ArrayList<>();
      while (seen.size() < RUNS) {
        int n = reader.poll(Duration.ofSeconds(5), seen::add);
        assertTrue(n > 0, "poll timed out after " + seen.size() + " records");
      }
      assertEquals(0, reader.poll(Duration.ofMillis(20), seen::add), "no more than written");
      long previousWhen = 0;
      for (int i = 0; i < RUNS; i++) {
        Event e = seen.get(i);
        assertEquals(i, e.seq, "record " + i);
        assertEquals(EventPrograms.SEEN_LENGTH, e.len);
        assertTrue(e.when >= previousWhen, "ktime goes forward");
        previousWhen = e.when;
      }
      System.out.printf(
          "[bpf4j-it] ring buffer: %d records of one test run arrived in order%n", RUNS);
    }
  }

  /**
   * 50 test runs of 1000 records each (50,000 records, 25 times the ring) while another thread
   * polls: the writer waits for the reader to catch up between runs, so nothing is lost, and every
   * wake-up must reach the sleeping reader or the test stalls.
   */
  @Test
  void aConsumerThreadKeepsUpAcrossManyWakeUps() throws Exception {
    int batches = 50;
    try (BpfObject obj = EventPrograms.sequencedEvents();
        RingBufReader<Event> reader = obj.ringBuf("events", Event.class)) {
      AtomicLong received = new AtomicLong();
      AtomicLong outOfOrder = new AtomicLong();
      CompletableFuture<Void> consumer =
          CompletableFuture.runAsync(
              () -> {
                long expected = 0;
                long[] next = {0};
                while (received.get() < (long) batches * RUNS) {
                  reader.poll(
                      Duration.ofSeconds(5),
                      e -> {
                        if (e.seq != next[0]) {
                          outOfOrder.incrementAndGet();
                        }
                        next[0] = e.seq + 1;
                        received.incrementAndGet();
                      });
                }
              });
      BpfProgram program = obj.program("record");
      for (int b = 1; b <= batches; b++) {
        assertEquals(1, program.testRun(EventPrograms.PACKET, RUNS).retval(), "run " + b);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < (long) b * RUNS && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertEquals((long) b * RUNS, received.get(), "records after run " + b);
      }
      consumer.get(10, TimeUnit.SECONDS);
      assertEquals(0, outOfOrder.get());
    }
  }

  @Test
  void closeWakesAReaderBlockedInPoll() throws Exception {
    try (BpfObject obj = EventPrograms.sequencedEvents()) {
      RingBufReader<Event> reader = obj.ringBuf("events", Event.class);
      CompletableFuture<Integer> poll =
          CompletableFuture.supplyAsync(() -> reader.poll(Duration.ofMinutes(5), e -> {}));
      Thread.sleep(200);
      assertTrue(!poll.isDone(), "poll sleeps while the ring is empty");
      long t0 = System.nanoTime();
      reader.close();
      assertEquals(0, poll.get(5, TimeUnit.SECONDS), "a woken poll returns 0");
      System.out.printf(
          "[bpf4j-it] close woke a blocked poll in %d us%n", (System.nanoTime() - t0) / 1000);
      assertThrows(IllegalStateException.class, () -> reader.poll(Duration.ZERO, e -> {}));
    }
  }

  @Test
  void aPinnedRingBufferOpens() {
    try (PinDir pins = PinDir.create();
        BpfObject obj = EventPrograms.sequencedEvents()) {
      obj.pin(pins.path());
      try (RingBufReader<byte[]> pinned =
          RingBufReader.openPinned(pins.resolve("events"), byte[].class)) {
        obj.program("record").testRun(EventPrograms.PACKET, 3);
        List<byte[]> seen = new ArrayList<>();
        while (seen.size() < 3) {
          pinned.poll(Duration.ofSeconds(5), seen::add);
        }
        assertEquals(24, seen.get(0).length, "a byte[] is the record as written");
        assertEquals(2, seen.get(2)[0], "the third record's seq, little-endian");
      }
      BpfException e =
          assertThrows(
              BpfException.class,
              () -> RingBufReader.openPinned(pins.resolve("counters"), byte[].class));
      assertTrue(e.getMessage().contains("not a ring buffer"), e.getMessage());
    }
  }

  @Test
  void twoRingsOnOnePoller() {
    try (BpfObject obj = EventPrograms.sequencedEvents();
        RingBufPoller poller = new RingBufPoller()) {
      List<String> seen = new ArrayList<>();
      poller
          .add(obj.ringBuf("events", Event.class), e -> seen.add("events " + e.seq))
          .add(obj.ringBuf("more", Event.class), e -> seen.add("more " + e.seq));
      assertEquals(0, poller.poll(Duration.ofMillis(20)));
      obj.program("recordMore").testRun(EventPrograms.PACKET, 2);
      int n = 0;
      while (n < 2) {
        n += poller.poll(Duration.ofSeconds(5));
      }
      obj.program("record").testRun(EventPrograms.PACKET, 1);
      obj.program("recordMore").testRun(EventPrograms.PACKET, 1);
      while (n < 4) {
        n += poller.poll(Duration.ofSeconds(5));
      }
      assertEquals(List.of("more 0", "more 1", "events 0", "more 2"), seen);
    }
  }

  @Test
  void aRecordClassOfAnotherSizeIsRefusedWithAMessage() {
    try (BpfObject obj = EventPrograms.sequencedEvents();
        RingBufReader<Long> reader = obj.ringBuf("events", Long.class)) {
      obj.program("record").testRun(EventPrograms.PACKET, 2);
      BpfException e =
          assertThrows(BpfException.class, () -> reader.poll(Duration.ofSeconds(5), x -> {}));
      assertTrue(e.getMessage().contains("has 24 bytes"), e.getMessage());
      // Each bad record fails one call, after the reader moved past it: nothing loops on it.
      assertThrows(BpfException.class, () -> reader.drain(x -> {}));
      assertEquals(0, reader.drain(x -> {}));
      assertEquals(0, reader.available());
    }
  }
}
