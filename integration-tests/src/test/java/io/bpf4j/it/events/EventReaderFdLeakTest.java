package io.bpf4j.it.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.PinDir;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.PerfBufferReader;
import io.bpf4j.runtime.RingBufPoller;
import io.bpf4j.runtime.RingBufReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening and closing event readers many times leaves nothing behind: no fd (map fds of pinned
 * rings, epoll sets, eventfds, perf events) and no mapping of a ring in {@code /proc/self/maps}.
 */
class EventReaderFdLeakTest {
  static final int CYCLES = 200;

  @TempDir Path tmp;

  @Test
  void readersOpenedAndClosedLeaveNoFdAndNoMapping() {
    try (PinDir pins = PinDir.create();
        BpfObject ring = EventPrograms.sequencedEvents();
        BpfObject perf = EventPrograms.perfOutput(tmp)) {
      ring.pin(pins.path());
      cycle(ring, perf, pins); // warm-up: classes, jnr-ffi stubs
      long fds = fds();
      long maps = ringMappings();
      for (int i = 0; i < CYCLES; i++) {
        cycle(ring, perf, pins);
      }
      System.out.printf(
          "[bpf4j-it] %d cycles of ring, pinned ring, poller and perf readers: fds %d -> %d,"
              + " ring mappings %d -> %d%n",
          CYCLES, fds, fds(), maps, ringMappings());
      assertEquals(fds, fds(), "open fds");
      assertEquals(maps, ringMappings(), "mappings of BPF maps and perf events");
    }
  }

  private static void cycle(BpfObject ring, BpfObject perf, PinDir pins) {
    try (RingBufReader<Event> r = ring.ringBuf("events", Event.class)) {
      ring.program("record").testRun(EventPrograms.PACKET, 1);
      assertEquals(1, r.poll(Duration.ofSeconds(5), e -> {}));
      assertTrue(ringMappings() >= 2, "the check sees the consumer and producer mappings");
    }
    try (RingBufReader<byte[]> r = RingBufReader.openPinned(pins.resolve("more"), byte[].class)) {
      r.poll(Duration.ZERO, e -> {});
    }
    try (RingBufPoller p = new RingBufPoller()) {
      p.add(ring.ringBuf("events", Event.class), e -> {});
      p.add(ring.ringBuf("more", Event.class), e -> {});
      p.poll(Duration.ofMillis(1));
    }
    try (PerfBufferReader<Event> r = perf.perfBuffer("events", Event.class, 1)) {
      perf.program("perf_record").testRun(EventPrograms.PACKET, 1);
      assertEquals(1, r.poll(Duration.ofSeconds(5), e -> {}));
      assertTrue(ringMappings() >= r.cpus().length, "and the perf rings");
    }
  }

  /**
   * The open fds the readers could leak: anonymous inodes (BPF maps, epoll sets, eventfds, perf
   * events). Files, sockets and pipes the JVM or surefire open on their own while the cycles run (a
   * jar, a log) are not counted; one of them made this test fail once without any leak.
   */
  private static long fds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.filter(EventReaderFdLeakTest::isAnonInode).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isAnonInode(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("anon_inode:");
    } catch (IOException e) {
      return false; // closed between listing and reading: not open any more
    }
  }

  private static long ringMappings() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
      return lines.stream().filter(l -> l.contains("bpf-map") || l.contains("perf_event")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
