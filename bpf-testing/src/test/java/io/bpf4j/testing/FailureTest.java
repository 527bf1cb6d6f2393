package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where Java throws, the compiled program returns 0, and so does a simulated run, naming the
 * exception; what BPF code cannot do is a SimulationException naming program and line.
 */
class FailureTest {
  private BpfSimulator sim;
  private final byte[] frame60 = Frames.ipv4(60, 17); // len 46 for socket filters

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(FailurePrograms.class);
  }

  @Test
  void divisionByZeroReturnsZero() {
    SimResult r = sim.run("divide", frame60);
    assertEquals(0, r.returnValue());
    assertInstanceOf(ArithmeticException.class, r.failure().get());
    assertEquals(List.of("before"), r.printk(), "what ran before stays done");
    SimResult ok = sim.run("divide", Frames.ipv4(70, 17));
    assertEquals(10, ok.returnValue());
    assertTrue(ok.failure().isEmpty());
  }

  @Test
  void aNullMapValueReturnsZero() {
    SimResult r = sim.run("nullValue", frame60);
    assertEquals(0, r.returnValue());
    assertInstanceOf(NullPointerException.class, r.failure().get());
    FailurePrograms.Slot s = new FailurePrograms.Slot();
    s.value = 41;
    sim.map("slots", Integer.class, FailurePrograms.Slot.class).put(46, s);
    assertEquals(42, sim.run("nullValue", frame60).returnValue());
    assertInstanceOf(NullPointerException.class, sim.run("unboxNull", frame60).failure().get());
  }

  @Test
  void anArrayIndexOutOfBoundsReturnsZero() {
    SimResult r = sim.run("outOfBounds", frame60); // 46 & 7 = 6
    assertEquals(0, r.returnValue());
    assertInstanceOf(ArrayIndexOutOfBoundsException.class, r.failure().get());
    assertEquals(1, sim.run("outOfBounds", Frames.ipv4(57, 17)).returnValue()); // 43 & 7 = 3
  }

  @Test
  void aHelperNativeCannotRunInTheJvm() {
    SimulationException e =
        assertThrows(SimulationException.class, () -> sim.run("callsHelperNative", frame60));
    assertTrue(e.getMessage().contains("callsHelperNative"), e.getMessage());
    assertTrue(e.getMessage().contains("@Helper(id = 7) native method prandom()"), e.getMessage());
    assertTrue(e.getMessage().contains("FailurePrograms.java:"), e.getMessage());
  }

  @Test
  void otherExceptionsAreSimulationErrors() {
    SimulationException e =
        assertThrows(SimulationException.class, () -> sim.run("throwsSomethingElse", frame60));
    assertTrue(e.getMessage().contains("throwsSomethingElse"), e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    e = assertThrows(SimulationException.class, () -> sim.run("printkWithoutArguments", frame60));
    assertTrue(e.getMessage().contains("printkWithoutArguments"), e.getMessage());
    assertTrue(e.getMessage().contains("2 conversions"), e.getMessage());
  }
}
