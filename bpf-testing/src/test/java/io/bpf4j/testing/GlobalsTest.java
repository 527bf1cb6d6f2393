package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@code @Global} and {@code @Config} fields in the simulator, with the kernel's semantics. */
class GlobalsTest {
  private static final byte[] FRAME = Frames.ipv4(60, 6);

  @Test
  void programsWriteGlobalsAndEachSimulatorStartsFromTheInitialValues() {
    for (int round = 0; round < 2; round++) {
      BpfSimulator sim = BpfSimulator.of(GlobalPrograms.class);
      int len = sim.run("count", FRAME).returnValue() / 3;
      sim.run("count", FRAME);
      assertEquals(2L * len, sim.global("total", long.class));
      assertEquals(2L, sim.global("packets", Long.class));
      assertEquals((7 * 31 + len) * 31 + len, sim.global("seed", int.class));
      long[] hist = new long[4];
      hist[len & 3] = 2;
      assertArrayEquals(hist, sim.global("hist", long[].class));
      GlobalPrograms.Last last = sim.global("last", GlobalPrograms.Last.class);
      assertEquals(len, last.len);
      assertEquals(2L, last.seen);
    }
  }

  @Test
  void configSetBeforeTheRunsChangesThem() {
    BpfSimulator sim = BpfSimulator.of(GlobalPrograms.class).config("multiplier", 5);
    int len = sim.run("count", FRAME).returnValue() / 5;
    assertEquals(len * 5, sim.run("count", FRAME).returnValue());
    assertEquals(-1, sim.config("verbose", true).run("count", FRAME).returnValue());
    assertEquals(3, BpfSimulator.of(GlobalPrograms.class).global("multiplier", int.class));
  }

  @Test
  void wrongNamesAndTypesAreErrors() {
    BpfSimulator sim = BpfSimulator.of(GlobalPrograms.class);
    assertThrows(SimulationException.class, () -> sim.config("multiplier", 5L));
    assertThrows(SimulationException.class, () -> sim.config("nope", 5));
    assertThrows(SimulationException.class, () -> sim.config("total", 5L));
    sim.setGlobal("total", 5L);
    assertEquals(5L, sim.global("total", long.class));
  }
}
