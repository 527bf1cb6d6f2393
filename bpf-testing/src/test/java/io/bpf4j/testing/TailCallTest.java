package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** bpf_tail_call: the caller ends, the target's result is the run's; misses fall through. */
class TailCallTest {
  private BpfSimulator sim;
  private SimMap<Integer, Integer> state;
  private final byte[] frame = Frames.ipv4(60, 17);

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(TailCallPrograms.class);
    state = sim.map("state", Integer.class, Integer.class);
  }

  private SimResult dispatchTo(int slot) {
    state.put(0, slot);
    return sim.run("dispatch", frame);
  }

  @Test
  void tailCallTargetFillsItsSlot() {
    SimResult r = dispatchTo(1);
    assertEquals(1, r.returnValue());
    assertEquals(List.of("dispatch to 1", "first, len 46"), r.printk());
    assertEquals(List.of(sim.program("dispatch"), sim.program("first")), r.programs());
    assertSame(sim.program("first"), sim.progArray("jumps").get(1));
  }

  @Test
  void emptyOrOutOfRangeSlotsFallThrough() {
    for (int slot : new int[] {0, 3, 4, -1, Integer.MAX_VALUE}) {
      SimResult r = dispatchTo(slot);
      assertEquals(100, r.returnValue(), "slot " + slot);
      assertEquals("fell through", r.printk().get(1));
      assertEquals(1, r.programs().size());
    }
  }

  @Test
  void programsOfAnotherClassRunWithThisSimulator() {
    BpfSimulator other = BpfSimulator.of(OtherProgram.class);
    sim.progArray("jumps").set(3, other.program("other"));
    sim.onCpu(2);
    SimResult r = dispatchTo(3);
    assertEquals(7, r.returnValue());
    assertEquals(List.of("dispatch to 3", "other on cpu 2"), r.printk());
    assertEquals(1L, other.map("seen", Integer.class, Long.class).get(0), "its own maps");
    assertEquals(List.of("dispatch to 3", "other on cpu 2"), sim.printkLines());
    sim.progArray("jumps").clear(3);
    assertEquals(100, dispatchTo(3).returnValue());
    assertNull(sim.progArray("jumps").get(3));
  }

  @Test
  void atMost33TailCallsChain() {
    sim.progArray("jumps").set(2, sim.program("loop"));
    SimResult r = sim.run("loop", frame);
    assertEquals(-1, r.returnValue(), "the 34th run falls through");
    assertEquals(1 + SimProgArray.MAX_TAIL_CALLS, state.get(1));
    assertEquals(34, r.programs().size());
    sim.run("loop", frame);
    assertEquals(68, state.get(1), "the count starts over with every run");
  }

  @Test
  void aCallIntoAnEmptySlotDoesNotCountTowardTheLimit() {
    sim.progArray("jumps").set(2, sim.program("loopPastEmpty"));
    SimResult r = sim.run("loopPastEmpty", frame);
    assertEquals(-2, r.returnValue());
    assertEquals(1 + SimProgArray.MAX_TAIL_CALLS, state.get(1));
  }

  @Test
  void slotsHoldProgramsOfTheArraysTypeOnly() {
    assertThrows(
        SimulationException.class, () -> sim.progArray("jumps").set(0, sim.program("xdp")));
    assertThrows(
        IndexOutOfBoundsException.class, () -> sim.progArray("jumps").set(4, sim.program("first")));
  }
}
