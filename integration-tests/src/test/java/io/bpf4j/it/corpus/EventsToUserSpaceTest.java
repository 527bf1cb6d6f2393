package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.PerfBufferReader;
import io.bpf4j.runtime.RingBufReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/EventsToUserSpace.java: ring buffer records reserved, written in place, submitted or
 * discarded, and perf event output, through the verifier and test runs.
 */
class EventsToUserSpaceTest {
  @Test
  void reservationsAndPerfOutputLoadAndRun() {
    Expect expect = new Expect("EventsToUserSpace");
    try (BpfObject obj = Corpus.load("EventsToUserSpace")) {
      // A socket filter sees the frame from the network header: 60 - 14 = 46 bytes.
      expect.equal(
          1, obj.program("reserveEach").testRun(Packet.udpFrame(60), 1).retval(), "submitted");
      expect.equal(
          2, obj.program("reserveEach").testRun(Packet.udpFrame(200), 1).retval(), "discarded");
      expect.equal(
          4, obj.program("reserveInALoop").testRun(Packet.udpFrame(60), 1).retval(), "4 records");
      // No reader opened a perf ring, so the kernel answers -ENOENT.
      expect.equal(
          -2, obj.program("perfFromTc").testRun(Packet.udpFrame(60), 1).retval(), "perf from tc");
      expect.equal(
          2, obj.program("perfFromXdp").testRun(Packet.udpFrame(60), 1).retval(), "perf from xdp");
      expect.equal(ProgramType.SOCKET_FILTER, obj.program("reserveEach").type(), "socket type");
    }
    expect.verify();
  }

  static final class Event {
    long value;
    int kind;
    int len;
  }

  @Test
  void submittedRecordsArriveAndDiscardedOnesNever() {
    try (BpfObject obj = Corpus.load("EventsToUserSpace");
        RingBufReader<Event> events = obj.ringBuf("events", Event.class)) {
      events.drain(e -> {});
      int[] lengths = {60, 200, 61, 300, 62};
      for (int len : lengths) {
        obj.program("reserveEach").testRun(Packet.udpFrame(len), 1);
      }
      List<Event> got = new ArrayList<>();
      events.drain(got::add);
      // Frames over 100 bytes (network header on: len - 14) were discarded.
      assertEquals(List.of(46, 47, 48), got.stream().map(e -> e.len).toList());
      assertEquals(3, got.get(0).value, "0 + 1 + 2 written in place");
    }
  }

  @Test
  void perfOutputReachesThePerfBufferReader() {
    try (BpfObject obj = Corpus.load("EventsToUserSpace");
        PerfBufferReader<Event> perf = obj.perfBuffer("perf", Event.class, 8)) {
      for (int i = 0; i < 25; i++) {
        assertEquals(0, obj.program("perfFromTc").testRun(Packet.udpFrame(60 + i), 1).retval());
      }
      List<Integer> lengths = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (lengths.size() < 25 && System.nanoTime() < deadline) {
        perf.poll(Duration.ofMillis(100), e -> lengths.add(e.len));
      }
      // Test runs all happen on this thread's CPU... unless it migrates: order per CPU only.
      lengths.sort(null);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        expected.add(60 + i);
      }
      assertEquals(expected, lengths);
      assertEquals(0, perf.lost());
    }
  }
}
