package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.testing.MapPrograms.Counters;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BPF_MAP_TYPE_ARRAY as kernel/bpf/arraymap.c behaves, from BPF code and from user space. */
class ArrayMapTest {
  private BpfSimulator sim;
  private BpfMap<Integer, Counters> bpf;
  private SimMap<Integer, Counters> user;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(MapPrograms.class);
    user = sim.map("array", Integer.class, Counters.class);
    bpf = user.bpfView();
  }

  @Test
  void everyIndexExistsZeroFilledAndNothingElse() {
    for (int i = 0; i < 4; i++) {
      Counters c = bpf.lookup(i);
      assertNotNull(c, "index " + i);
      assertEquals(0, c.pkts);
      assertEquals(0, c.bytes);
    }
    assertNull(bpf.lookup(4));
    assertNull(bpf.lookup(-1), "the index is a u32: -1 is 4294967295");
    assertEquals(List.of(0, 1, 2, 3), user.keys());
    assertEquals(4, user.size());
  }

  @Test
  void updateErrorsInTheKernelsOrder() {
    Counters v = new Counters();
    assertEquals(-22, bpf.update(0, v, 3), "unknown flags: -EINVAL");
    assertEquals(-22, bpf.update(9, v, -1L), "flags are u64: -1 is unknown");
    assertEquals(-7, bpf.update(4, v, BpfMap.ANY), "out of range: -E2BIG");
    assertEquals(-7, bpf.update(4, v, BpfMap.NOEXIST), "the range is checked before NOEXIST");
    assertEquals(-17, bpf.update(0, v, BpfMap.NOEXIST), "every element exists: -EEXIST");
    assertEquals(-22, bpf.update(0, v, 4), "BPF_F_LOCK without a spin lock: -EINVAL");
    assertEquals(-17, bpf.update(0, v, 5), "NOEXIST | BPF_F_LOCK: -EEXIST first");
    assertEquals(0, bpf.update(0, v, BpfMap.EXIST));
    assertEquals(0, bpf.update(0, v, BpfMap.ANY));
  }

  @Test
  void deleteIsInvalid() {
    assertEquals(-22, bpf.delete(0));
    assertEquals(-22, bpf.delete(99));
    assertThrows(UnsupportedOperationException.class, () -> user.delete(0));
  }

  @Test
  void lookupReturnsTheStoredObjectSoWritesGoToTheMap() {
    Counters c = bpf.lookup(2);
    c.pkts = 5;
    assertSame(c, bpf.lookup(2));
    assertEquals(5, user.get(2).pkts);
  }

  @Test
  void updateCopiesIntoTheElementInPlace() {
    Counters before = bpf.lookup(1);
    Counters v = new Counters();
    v.pkts = 7;
    v.flag = true;
    v.letter = 'x';
    v.tiny = -3;
    assertEquals(0, bpf.update(1, v, BpfMap.ANY));
    v.pkts = 99; // the program's own object: no longer connected to the map
    assertEquals(7, user.get(1).pkts);
    assertEquals('x', user.get(1).letter);
    assertEquals(-3, user.get(1).tiny);
    assertTrue(user.get(1).flag);
    assertSame(before, bpf.lookup(1), "an array update copies into the element");
    assertEquals(7, before.pkts);
  }

  @Test
  void userSideReadsAndWritesCopies() {
    Counters v = new Counters();
    v.bytes = 40;
    user.put(3, v);
    v.bytes = 41;
    Counters got = user.get(3);
    assertEquals(40, got.bytes);
    got.bytes = 42;
    assertEquals(40, user.get(3).bytes);
    assertNull(user.get(7));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> user.put(0, v, BpfMap.NOEXIST));
    assertTrue(e.getMessage().contains("-EEXIST"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> user.put(4, v));
    assertTrue(e.getMessage().contains("-E2BIG"), e.getMessage());
    assertEquals(4, user.entries().size());
  }

  @Test
  void integerAndLongValuesAreImmutableBoxes() {
    SimMap<Integer, Long> longs = sim.map("longArray");
    BpfMap<Integer, Long> view = longs.bpfView();
    assertEquals(0L, view.lookup(1));
    Long old = view.lookup(1);
    assertEquals(0, view.update(1, 12L, BpfMap.ANY));
    assertEquals(12L, view.lookup(1));
    assertEquals(0L, old);
    assertEquals("longs", longs.name(), "@Map(name) names the map; its field name works too");
  }

  @Test
  void programsCountIntoTheMapAcrossRuns() {
    for (int i = 0; i < 3; i++) {
      assertEquals(1, sim.run("count", Frames.ipv4(60, 17)).returnValue());
    }
    assertEquals(3, user.get(0).pkts);
    assertEquals(3 * 46, user.get(0).bytes);
  }

  @Test
  void ofStartsOverWithFreshMaps() {
    sim.run("count", Frames.ipv4(60, 17));
    BpfSimulator again = BpfSimulator.of(MapPrograms.class);
    assertEquals(0, again.map("array", Integer.class, Counters.class).get(0).pkts);
  }

  @Test
  void describeSpellsOutStructs() {
    Counters v = new Counters();
    v.pkts = 2;
    user.put(0, v);
    assertTrue(
        user.describe()
            .startsWith("{0={pkts=2, bytes=0, small=0, tiny=0, flag=false, letter=\0}, 1={pkts=0"),
        user.describe());
  }
}
