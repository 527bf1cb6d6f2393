package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.testing.MapPrograms.Counters;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LRU eviction and per-CPU values. */
class LruAndPerCpuMapTest {
  private BpfSimulator sim;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(MapPrograms.class);
  }

  @Test
  void lruEvictsTheLeastRecentlyUsed() {
    SimMap<Integer, Long> user = sim.map("lru", Integer.class, Long.class);
    BpfMap<Integer, Long> lru = user.bpfView();
    lru.update(1, 10L, BpfMap.ANY);
    lru.update(2, 20L, BpfMap.ANY);
    lru.update(3, 30L, BpfMap.ANY);
    lru.lookup(1); // 2 is now the least recently used
    user.get(2); // user-space reads do not count as use
    assertEquals(0, lru.update(4, 40L, BpfMap.ANY), "a full LRU map evicts instead of -E2BIG");
    assertNull(lru.lookup(2));
    assertEquals(List.of(1, 3, 4), user.keys().stream().sorted().toList());
    lru.update(3, 31L, BpfMap.ANY); // an update is a use too: 1 is the oldest now
    lru.update(5, 50L, BpfMap.NOEXIST);
    assertNull(lru.lookup(1));
    assertEquals(-17, lru.update(5, 0L, BpfMap.NOEXIST));
    assertEquals(-2, lru.update(6, 0L, BpfMap.EXIST));
    assertEquals(-2, lru.delete(6));
  }

  @Test
  void perCpuArraysShowBpfCodeItsCpusCopy() {
    SimMap<Integer, Counters> user = sim.map("perCpuArray", Integer.class, Counters.class);
    byte[] frame = Frames.ipv4(60, 6);
    sim.run("count", frame);
    sim.onCpu(2).run("count", frame);
    sim.run("count", frame);
    List<Counters> values = user.getPerCpu(0);
    assertEquals(4, values.size(), "4 possible CPUs by default");
    assertEquals(1, values.get(0).pkts);
    assertEquals(0, values.get(1).pkts);
    assertEquals(2, values.get(2).pkts);
    assertThrows(IllegalStateException.class, () -> user.get(0));
    assertSame(user.bpfView().lookup(0), user.bpfView().lookup(0));
  }

  @Test
  void aNewPerCpuHashElementIsZeroOnOtherCpus() {
    SimMap<Integer, Long> user = sim.map("perCpuHash", Integer.class, Long.class);
    sim.possibleCpus(2).onCpu(1).run("count", Frames.ipv4(60, 6));
    assertEquals(List.of(0L, 46L), user.getPerCpu(1));
    sim.onCpu(0).run("count", Frames.ipv4(70, 6));
    assertEquals(List.of(56L, 46L), user.getPerCpu(1), "a present element updates in place");
    user.putPerCpu(7, List.of(1L, 2L));
    assertEquals(List.of(1L, 2L), user.getPerCpu(7));
    user.put(7, 5L);
    assertEquals(List.of(5L, 5L), user.getPerCpu(7), "put stores the value on every CPU");
    assertEquals(-7, user.bpfView().update(8, 1L, BpfMap.ANY), "full");
    assertThrows(IllegalArgumentException.class, () -> user.putPerCpu(9, List.of(1L)));
  }

  @Test
  void lruPerCpuHashEvictsAndKeepsPerCpuValues() {
    SimMap<Integer, Long> user = sim.map("lruPerCpu", Integer.class, Long.class);
    BpfMap<Integer, Long> bpf = user.bpfView();
    sim.onCpu(3);
    bpf.update(1, 1L, BpfMap.ANY);
    bpf.update(2, 2L, BpfMap.ANY);
    bpf.update(1, 11L, BpfMap.ANY);
    bpf.update(3, 3L, BpfMap.ANY); // evicts 2
    assertNull(user.getPerCpu(2));
    assertEquals(List.of(0L, 0L, 0L, 11L), user.getPerCpu(1));
    assertEquals(2, user.entriesPerCpu().size());
  }

  @Test
  void cpuSettingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> sim.onCpu(4));
    sim.onCpu(3);
    assertThrows(IllegalArgumentException.class, () -> sim.possibleCpus(2));
  }
}
