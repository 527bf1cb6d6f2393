package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.MapOfMapsHandle;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Loading and closing an object many times leaves no file descriptor behind: the object owns its
 * BTF, map and program fds and closes them all, and using a map and running a program in between
 * opens nothing that stays.
 */
class FdLeakTest {
  static final int CYCLES = 1000;

  @Test
  void thousandLoadCloseCyclesLeaveTheFdTableUnchanged() {
    KernelAssumptions.requireRoot();
    cycle(0); // warm-up: class loading and jnr-ffi open what they keep for the JVM's life
    TreeMap<Integer, String> before = OpenFds.list();
    long start = System.nanoTime();
    int peak = before.size();
    for (int i = 1; i <= CYCLES; i++) {
      cycle(i);
      if (i % 100 == 0) {
        peak = Math.max(peak, OpenFds.count());
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    int exact = OpenFds.count();
    TreeMap<Integer, String> after = OpenFds.list();
    int settled = OpenFds.settledCount();
    System.out.printf(
        "[bpf4j-it] %d load/get/testRun/close cycles in %d ms: fds before %d, right after %d,"
            + " after GC %d, highest sampled %d%n",
        CYCLES, ms, before.size(), exact, settled, peak);
    assertEquals(before.size(), exact, "fds right after the cycles\n" + diff(before, after));
    assertEquals(before.size(), settled, "fds after GC\n" + diff(before, OpenFds.list()));
  }

  private static void cycle(int i) {
    try (BpfObject obj = BpfRuntime.load(BandwidthMonitor.class)) {
      BpfProgram program = obj.program("socketFilter");
      try (MapHandle<Integer, TrafficCounters> table =
          obj.map("bwMonitorMap", Integer.class, TrafficCounters.class)) {
        assertEquals(0, table.get(1).pkts, "a fresh object's counters, cycle " + i);
        assertEquals(0, program.testRun(new byte[64], 1).retval());
        assertEquals(1, table.get(1).pkts, "counted once, cycle " + i);
      }
    }
  }

  /**
   * Maps of maps open more fds per cycle: the inner template at load (closed right after the outer
   * map is created), each new inner map, and each held map opened by id; all are closed again.
   */
  @Test
  void mapOfMapsCyclesLeaveTheFdTableUnchanged() {
    KernelAssumptions.requireRoot();
    mapOfMapsCycle(0);
    TreeMap<Integer, String> before = OpenFds.list();
    long start = System.nanoTime();
    for (int i = 1; i <= CYCLES / 4; i++) {
      mapOfMapsCycle(i);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    TreeMap<Integer, String> after = OpenFds.list();
    System.out.printf(
        "[bpf4j-it] %d map-of-maps load/newInner/put/testRun/get/close cycles in %d ms: fds before"
            + " %d, after %d%n",
        CYCLES / 4, ms, before.size(), after.size());
    assertEquals(before.size(), after.size(), "fds right after the cycles\n" + diff(before, after));
  }

  private static void mapOfMapsCycle(int i) {
    try (BpfObject obj = BpfRuntime.load(MapOfMapsObjects.countNested(), "nested");
        MapOfMapsHandle<Integer> outer = obj.mapOfMaps("byIndex", Integer.class)) {
      try (MapHandle<Integer, Long> inner = outer.newInner(Integer.class, Long.class)) {
        outer.put(MapOfMapsObjects.BY_INDEX_SLOT, inner);
      }
      assertEquals(0, obj.program("countNested").testRun(new byte[64], 1).retval());
      try (MapHandle<Integer, Long> held =
          outer.get(MapOfMapsObjects.BY_INDEX_SLOT, Integer.class, Long.class).orElseThrow()) {
        assertEquals(1L, held.get(0), "counted once through the held map, cycle " + i);
      }
    }
  }

  private static String diff(Map<Integer, String> before, Map<Integer, String> after) {
    StringBuilder sb = new StringBuilder();
    after.forEach(
        (fd, target) -> {
          if (!target.equals(before.get(fd))) {
            sb.append("  new fd ").append(fd).append(" -> ").append(target).append('\n');
          }
        });
    before.forEach(
        (fd, target) -> {
          if (!after.containsKey(fd)) {
            sb.append("  gone fd ").append(fd).append(" -> ").append(target).append('\n');
          }
        });
    return sb.toString();
  }
}
