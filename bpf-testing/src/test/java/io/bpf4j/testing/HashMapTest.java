package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.testing.MapPrograms.Counters;
import io.bpf4j.testing.MapPrograms.Flow;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BPF_MAP_TYPE_HASH as kernel/bpf/hashtab.c behaves. */
class HashMapTest {
  private BpfSimulator sim;
  private BpfMap<Integer, Counters> bpf;
  private SimMap<Integer, Counters> user;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(MapPrograms.class);
    user = sim.map("hash", Integer.class, Counters.class);
    bpf = user.bpfView();
  }

  private static Counters counters(long pkts) {
    Counters c = new Counters();
    c.pkts = pkts;
    return c;
  }

  @Test
  void flagsDecideBeforeSpace() {
    assertNull(bpf.lookup(1));
    assertEquals(-2, bpf.update(1, counters(1), BpfMap.EXIST), "EXIST on a missing key: -ENOENT");
    assertEquals(0, bpf.update(1, counters(1), BpfMap.NOEXIST));
    assertEquals(-17, bpf.update(1, counters(2), BpfMap.NOEXIST), "NOEXIST on a present key");
    assertEquals(0, bpf.update(1, counters(3), BpfMap.EXIST));
    assertEquals(3, user.get(1).pkts);
    assertEquals(-22, bpf.update(1, counters(3), 4), "BPF_F_LOCK without a spin lock");
    assertEquals(-22, bpf.update(1, counters(3), 3));
  }

  @Test
  void aNewKeyInAFullMapIsE2big() {
    for (int k = 0; k < 3; k++) {
      assertEquals(0, bpf.update(k, counters(k), BpfMap.ANY));
    }
    assertEquals(-7, bpf.update(3, counters(3), BpfMap.ANY));
    assertEquals(-17, bpf.update(0, counters(3), BpfMap.NOEXIST), "EEXIST even when full");
    assertEquals(-2, bpf.update(5, counters(3), BpfMap.EXIST), "ENOENT even when full");
    assertEquals(0, bpf.update(2, counters(9), BpfMap.ANY), "a present key updates when full");
    assertEquals(0, bpf.delete(0));
    assertEquals(0, bpf.update(3, counters(3), BpfMap.ANY));
    assertEquals(List.of(1, 2, 3), user.keys().stream().sorted().toList());
  }

  @Test
  void deleteOfAMissingKeyIsEnoent() {
    assertEquals(-2, bpf.delete(8));
    bpf.update(8, counters(1), BpfMap.ANY);
    assertEquals(0, bpf.delete(8));
    assertEquals(-2, bpf.delete(8));
    assertFalse(user.delete(8));
  }

  @Test
  void updateReplacesTheElementAndLeavesAnOldLookupAlone() {
    bpf.update(1, counters(1), BpfMap.ANY);
    Counters old = bpf.lookup(1);
    old.pkts = 2; // writes through, as to map memory
    assertEquals(2, user.get(1).pkts);
    Counters fresh = counters(10);
    bpf.update(1, fresh, BpfMap.ANY);
    fresh.pkts = 11; // the program's stack object: not the map's
    assertEquals(10, user.get(1).pkts);
    assertEquals(2, old.pkts);
    assertNotSame(old, bpf.lookup(1));
    assertSame(bpf.lookup(1), bpf.lookup(1));
  }

  @Test
  void structKeysCompareByValue() {
    BpfMap<Flow, Long> flows = sim.<Flow, Long>map("flows").bpfView();
    Flow a = new Flow();
    a.proto = 6;
    a.port = 443;
    assertEquals(0, flows.update(a, 1L, BpfMap.ANY));
    Flow b = new Flow();
    b.proto = 6;
    b.port = 443;
    assertEquals(1L, flows.lookup(b), "another object with the same fields is the same key");
    a.port = 80; // the map keeps its own copy of the key
    assertNull(flows.lookup(a));
    assertEquals(1L, flows.lookup(b));
    SimMap<Flow, Long> user = sim.map("flows", Flow.class, Long.class);
    assertEquals(443, user.keys().get(0).port);
    assertEquals(1L, user.get(b));
  }

  @Test
  void longKeysAndIntegerValues() {
    SimMap<Long, Integer> boxes = sim.map("boxes", Long.class, Integer.class);
    boxes.put(1L << 40, 5);
    assertEquals(5, boxes.bpfView().lookup(1L << 40));
    assertNull(boxes.bpfView().lookup(0L));
    assertThrows(IllegalStateException.class, () -> boxes.put(7L, 1, BpfMap.EXIST));
    boxes.put(1L << 40, 6, BpfMap.EXIST);
    assertEquals(java.util.Map.of(1L << 40, 6), boxes.entries());
    assertTrue(boxes.delete(1L << 40));
  }

  @Test
  void wrongKeyTypesAreRefused() {
    SimMap<Object, Object> raw = sim.map("boxes");
    assertThrows(IllegalArgumentException.class, () -> raw.get(1));
    assertThrows(IllegalArgumentException.class, () -> sim.map("boxes", Integer.class, Long.class));
  }
}
