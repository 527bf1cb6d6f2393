package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.FakeRingBuffer;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ring buffer readers over the fake kernel: decoding, waiting, closing, several rings at once. */
class RingBufReaderTest {
  static final class Event {
    long seq;
    int cpu;
    int len;
  }

  @TempDir Path bpffs;
  FakeKernel kernel;
  Set<Integer> fdsBefore;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
    fdsBefore = kernel.openFds();
  }

  Fd ringMap(String name) throws Exception {
    return kernel.mapCreate(
        new Kernel.MapCreate(MapType.RINGBUF.kernelId(), 0, 0, 4096, 0, name, null, 0, 0));
  }

  static byte[] event(long seq) {
    return ByteBuffer.allocate(16)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(0, seq)
        .putInt(8, 1)
        .putInt(12, 64)
        .array();
  }

  @Test
  void pollHandsOverDecodedRecordsInOrder() throws Exception {
    try (Fd map = ringMap("events");
        RingBufReader<Event> reader = RingBufReader.of(kernel, "events", map, Event.class)) {
      FakeRingBuffer ring = kernel.ringBuffer("events");
      for (int i = 0; i < 50; i++) {
        ring.output(event(i));
      }
      List<Long> seen = new ArrayList<>();
      int n = 0;
      while (seen.size() < 50) {
        n += reader.poll(Duration.ofSeconds(1), e -> seen.add(e.seq));
      }
      assertEquals(50, n);
      for (int i = 0; i < 50; i++) {
        assertEquals(i, seen.get(i));
      }
      assertEquals(0, reader.poll(Duration.ofMillis(5), e -> seen.add(e.seq)), "timed out");
      assertEquals(0, reader.available());
    }
  }

  @Test
  void closeFromAnotherThreadWakesAPollThatSleeps() throws Exception {
    try (Fd map = ringMap("events")) {
      RingBufReader<Event> reader = RingBufReader.of(kernel, "events", map, Event.class);
      CompletableFuture<Integer> poll =
          CompletableFuture.supplyAsync(() -> reader.poll(Duration.ofSeconds(60), e -> {}));
      Thread.sleep(50);
      reader.close();
      assertEquals(0, poll.get(5, TimeUnit.SECONDS));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> reader.drain(x -> {}));
      assertTrue(e.getMessage().contains("events is closed"), e.getMessage());
    }
    assertEquals(fdsBefore, kernel.openFds(), "the reader's epoll and eventfd are closed");
  }

  @Test
  void closeFromTheHandlerStopsAfterThatRecordAndLeavesTheRest() throws Exception {
    try (Fd map = ringMap("events")) {
      RingBufReader<Event> reader = RingBufReader.of(kernel, "events", map, Event.class);
      FakeRingBuffer ring = kernel.ringBuffer("events");
      for (int i = 0; i < 5; i++) {
        ring.output(event(i));
      }
      List<Long> seen = new ArrayList<>();
      int n =
          reader.drain(
              e -> {
                seen.add(e.seq);
                if (e.seq == 1) {
                  reader.close();
                }
              });
      assertEquals(2, n);
      assertEquals(List.of(0L, 1L), seen);
      assertEquals(2 * 24, ring.consumerPosition(), "three records stay in the map");
    }
  }

  @Test
  void aHandlerExceptionPropagatesAndTheNextPollContinuesAfterTheRecord() throws Exception {
    try (Fd map = ringMap("events");
        RingBufReader<Event> reader = RingBufReader.of(kernel, "events", map, Event.class)) {
      FakeRingBuffer ring = kernel.ringBuffer("events");
      for (int i = 0; i < 3; i++) {
        ring.output(event(i));
      }
      assertThrows(
          IllegalArgumentException.class,
          () ->
              reader.drain(
                  e -> {
                    throw new IllegalArgumentException("bad " + e.seq);
                  }));
      List<Long> seen = new ArrayList<>();
      assertEquals(2, reader.drain(e -> seen.add(e.seq)));
      assertEquals(List.of(1L, 2L), seen);
    }
  }

  @Test
  void aMapOfAnotherTypeIsRefused() throws Exception {
    try (Fd map =
        kernel.mapCreate(
            new Kernel.MapCreate(MapType.HASH.kernelId(), 4, 8, 16, 0, "h", null, 0, 0))) {
      BpfException e =
          assertThrows(BpfException.class, () -> RingBufReader.of(kernel, "h", map, byte[].class));
      assertTrue(e.getMessage().contains("not a ring buffer"), e.getMessage());
    }
  }

  @Test
  void aPollerWaitsOnSeveralRingsAndClosesThem() throws Exception {
    try (Fd a = ringMap("a");
        Fd b = ringMap("b")) {
      List<String> seen = new ArrayList<>();
      RingBufPoller poller = new RingBufPoller(kernel);
      poller
          .add(RingBufReader.of(kernel, "a", a, Event.class), e -> seen.add("a" + e.seq))
          .add(RingBufReader.of(kernel, "b", b, byte[].class), r -> seen.add("b" + r.length));
      assertEquals(0, poller.poll(Duration.ofMillis(5)));
      kernel.ringBuffer("b").output(new byte[5]);
      assertEquals(1, poller.poll(Duration.ofSeconds(1)));
      kernel.ringBuffer("a").output(event(9));
      kernel.ringBuffer("b").output(new byte[3]);
      assertEquals(2, poller.poll(Duration.ofSeconds(1)));
      assertEquals(List.of("b5", "a9", "b3"), seen);
      CompletableFuture<Integer> poll =
          CompletableFuture.supplyAsync(() -> poller.poll(Duration.ofSeconds(60)));
      Thread.sleep(50);
      poller.close();
      assertEquals(0, poll.get(5, TimeUnit.SECONDS));
    }
    assertEquals(fdsBefore, kernel.openFds());
  }
}
