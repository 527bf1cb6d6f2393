package io.bpf4j.it.corpus;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfObject;
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
}
