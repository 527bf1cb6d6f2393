package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testing.EventPrograms.Event;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ring buffer reservations, perf event output, and the probe, socket and tracing contexts. */
class EventsTest {
  private BpfSimulator sim;
  private SimRingBuf<Event> events;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(EventPrograms.class);
    events = sim.ringBuf("events");
  }

  @Test
  void submittedRecordsAreSeenInOrderAndDiscardedOnesNever() {
    assertEquals(1, sim.run("reserveEach", Frames.ipv4(60, 17)).returnValue());
    assertEquals(2, sim.run("reserveEach", Frames.ipv4(200, 17)).returnValue());
    assertEquals(1, sim.run("reserveEach", Frames.ipv4(80, 17)).returnValue());
    List<Event> seen = events.records();
    assertEquals(2, seen.size());
    assertEquals(46, seen.get(0).value);
    assertEquals(66, seen.get(1).value);
    // The discarded record still takes its space until a reader passes it.
    assertEquals(3 * 24, events.usedBytes());
    assertEquals(seen.size(), events.consume().size());
    assertEquals(0, events.usedBytes());
  }

  @Test
  void reserveReturnsNullWhenTheRingIsFull() {
    // 4096 bytes, one byte kept free: 170 records of 24 bytes fit.
    for (int i = 0; i < 170; i++) {
      assertEquals(1, sim.run("reserveEach", Frames.ipv4(60, 17)).returnValue());
    }
    assertEquals(0, sim.run("reserveEach", Frames.ipv4(60, 17)).returnValue());
    assertEquals(170, events.records().size());
  }

  @Test
  void aRecordReservedButNotYetSubmittedHidesLaterOnes() {
    Event open = events.reserve();
    Event later = events.reserve();
    later.value = 2;
    events.submit(later);
    assertEquals(List.of(), events.records(), "the reader waits for the first record");
    open.value = 1;
    events.submit(open);
    assertEquals(List.of(1L, 2L), events.records().stream().map(e -> e.value).toList());
    assertThrows(SimulationException.class, () -> events.submit(open));
  }

  @Test
  void perfOutputIsCollectedPerCpu() {
    sim.onCpu(1);
    assertEquals(0, sim.run("perfEach", Frames.ipv4(60, 17)).returnValue());
    sim.onCpu(0);
    assertEquals(0, sim.run("probe", SimPtRegs.withArgs(10, 0, 0, 0, 0, 5)).returnValue());
    SimPerfEventArray<Event> perf = sim.perfEventArray("perf");
    assertEquals(2, perf.records().size());
    assertEquals(60, perf.records(1).get(0).value, "tc sees the whole frame");
    assertEquals(15, perf.records(0).get(0).value);
    assertEquals(3, perf.events().get(1).record().kind);
  }

  @Test
  void returnProbesReadTheReturnValue() {
    sim.run("probeReturn", new SimPtRegs().ret(-5));
    assertEquals(-5, events.records().get(0).value);
  }

  @Test
  void cgroupSocketProgramsSeeTheirSocket() {
    assertEquals(0, sim.run("sockCreate", SimBpfSock.inet(2, 17).mark(7)).returnValue());
    assertEquals(1, sim.run("sockCreate", SimBpfSock.inet(1, 6).mark(7)).returnValue());
    assertEquals(1, sim.run("postBind", SimBpfSock.inet(1, 6).srcPort(8080)).returnValue());
    assertEquals(0, sim.run("postBind", SimBpfSock.inet(1, 6).srcPort(80)).returnValue());
  }

  @Test
  void sockopsProgramsReply() {
    SimSockOps ops = SimSockOps.of(4).remotePortNumber(443);
    assertEquals(1, sim.run("ops", ops).returnValue());
    assertEquals(443, ops.reply());
  }

  @Test
  void tracingProgramsTakeTheirArgumentsAsParameters() {
    assertEquals(0, sim.runTraced("switched", 1, 100, 150).returnValue());
    assertEquals(0, sim.runTraced("unlinked", -100, 0xffff0000L, -2).returnValue());
    assertEquals(0, sim.runTraced("unlinked", -100, 0xffff0000L, 0).returnValue());
    List<Event> seen = events.records();
    assertEquals(2, seen.size());
    assertEquals(50, seen.get(0).value);
    assertEquals(5, seen.get(0).kind, "preempt is the low byte of slot 0");
    assertEquals(0xffff0000L, seen.get(1).value);
    assertEquals(-2, seen.get(1).extra);
  }

  @Test
  void tracingProgramsNeedRunTraced() {
    assertThrows(IllegalArgumentException.class, () -> sim.run("switched", new SimPtRegs()));
    assertThrows(IllegalArgumentException.class, () -> sim.runTraced("probe", 1));
    assertTrue(sim.program("unlinked").type().context().isTracedArguments());
  }
}
