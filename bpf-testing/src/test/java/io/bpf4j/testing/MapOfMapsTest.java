package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.annotations.InnerMap;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ARRAY_OF_MAPS and HASH_OF_MAPS in the simulator, with the kernel's semantics: lookups return the
 * held map or null, the test puts maps of the inner shape only, BPF code cannot change the outer
 * map.
 */
class MapOfMapsTest {
  private BpfSimulator sim;
  private SimMapOfMaps<Integer> byIndex;
  private SimMapOfMaps<Integer> byKey;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(MapOfMapsPrograms.class);
    byIndex = sim.mapOfMaps("byIndex");
    byKey = sim.mapOfMaps("byKey");
  }

  private int run(String program) {
    return sim.run(program, Frames.ipv4(60, 17)).returnValue();
  }

  @Test
  void theProgramCountsIntoHeldMapsAndSeesReplacementsAndDeletes() {
    assertEquals(0, run("countNested"), "nothing held: both lookups return null");
    assertEquals(List.of(), byIndex.keys(), "an array of maps lists only slots holding a map");
    SimMap<Integer, Long> a1 = byIndex.newInner(Integer.class, Long.class);
    SimMap<Integer, Long> a2 = byIndex.newInner(Integer.class, Long.class);
    SimMap<Integer, Long> h1 = byKey.newInner(Integer.class, Long.class);
    SimMap<Integer, Long> h2 = byKey.newInner(Integer.class, Long.class);
    assertEquals(MapType.ARRAY, a1.type());
    assertEquals(4, a1.maxEntries());
    assertEquals("byIndex.inner", a1.name());
    h2.put(0, 100L);
    byIndex.put(0, a1);
    byKey.put(7, h1);
    for (int i = 0; i < 5; i++) {
      assertEquals(3, run("countNested"));
    }
    assertEquals(5L, a1.get(0));
    assertEquals(5L, h1.get(0));
    assertEquals(List.of(0), byIndex.keys());
    assertEquals(List.of(7), byKey.keys());
    OptionalInt a1Id = byIndex.innerId(0);
    assertTrue(a1Id.isPresent());
    Optional<SimMap<Integer, Long>> held = byIndex.get(0, Integer.class, Long.class);
    assertEquals(5L, held.orElseThrow().get(0));

    byIndex.put(0, a2);
    byKey.put(7, h2);
    assertNotEquals(a1Id, byIndex.innerId(0));
    for (int i = 0; i < 3; i++) {
      run("countNested");
    }
    assertEquals(5L, a1.get(0));
    assertEquals(3L, a2.get(0));
    assertEquals(5L, h1.get(0));
    assertEquals(103L, h2.get(0));

    assertEquals(0, byIndex.delete(0));
    assertEquals(0, byKey.delete(7));
    assertEquals(-2, byKey.delete(7), "-ENOENT");
    assertEquals(0, run("countNested"));
    assertEquals(3L, a2.get(0));
    assertEquals(Optional.empty(), byIndex.get(0, Integer.class, Long.class));
    assertEquals(OptionalInt.empty(), byKey.innerId(7));
  }

  @Test
  void bpfLookupsReturnTheHeldMapItselfOrNull() {
    SimMap<Integer, Long> a = byIndex.newInner(Integer.class, Long.class);
    byIndex.put(1, a);
    assertSame(a.bpfView(), byIndex.lookup(1));
    assertNull(byIndex.lookup(0), "an empty slot of an array of maps reads as null");
    assertEquals(0, run("pastTheEnd"));
  }

  @Test
  void onlyMapsOfTheInnerShapeAreTaken() {
    SimMap<Integer, Long> hash = byKey.newInner(Integer.class, Long.class);
    IllegalStateException kind =
        assertThrows(IllegalStateException.class, () -> byIndex.put(0, hash));
    assertEquals(
        "update of map of maps byIndex failed with -EINVAL: it holds maps of ARRAY BpfMap<Integer,"
            + " Long> of max_entries 4, not HASH BpfMap<Integer, Long> of max_entries 16; create"
            + " inner maps with newInner",
        kind.getMessage());
    SimMap<Integer, Long> otherArray = sim.map("bigArray", Integer.class, Long.class);
    assertThrows(IllegalStateException.class, () -> byIndex.put(0, otherArray));
    // A hash of another max_entries fits: the kernel compares max_entries for arrays only.
    byKey.put(1, sim.map("bigHash", Integer.class, Long.class));
    assertThrows(
        IllegalArgumentException.class, () -> byIndex.newInner(Integer.class, Integer.class));
  }

  @Test
  void bothOuterKindsAreBounded() {
    SimMap<Integer, Long> a = byIndex.newInner(Integer.class, Long.class);
    IllegalStateException past = assertThrows(IllegalStateException.class, () -> byIndex.put(2, a));
    assertTrue(past.getMessage().contains("-E2BIG: index 2 is past max_entries (2)"));
    SimMap<Integer, Long> h = byKey.newInner(Integer.class, Long.class);
    byKey.put(1, h);
    byKey.put(2, h);
    byKey.put(2, h); // replacing needs no room
    IllegalStateException full = assertThrows(IllegalStateException.class, () -> byKey.put(3, h));
    assertTrue(full.getMessage().contains("-E2BIG: the map is full (max_entries 2)"));
  }

  @Test
  void bpfCodeCannotUpdateOrDeleteAMapOfMaps() {
    byKey.put(7, byKey.newInner(Integer.class, Long.class));
    SimulationException update = assertThrows(SimulationException.class, () -> run("updateOuter"));
    assertTrue(
        update
            .getMessage()
            .contains("the verifier refuses map updates and deletes on maps of maps"),
        update.getMessage());
    assertThrows(SimulationException.class, () -> run("deleteOuter"));
    assertFalse(byKey.keys().isEmpty(), "nothing changed");
  }

  @License("GPL")
  static final class NoInnerMap {
    @Map(type = MapType.HASH_OF_MAPS, maxEntries = 2)
    static BpfMap<Integer, BpfMap<Integer, Long>> outer;

    @Section("socket")
    static int run(SkBuff skb) {
      return 0;
    }
  }

  @License("GPL")
  static final class HeldRingBuffers {
    @Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 2)
    @InnerMap(type = MapType.RINGBUF, maxEntries = 4096)
    static BpfMap<Integer, BpfMap<Integer, Long>> outer;

    @Section("socket")
    static int run(SkBuff skb) {
      return 0;
    }
  }

  @Test
  void declarationsTheKernelCannotCreateAreExplained() {
    SimulationException none =
        assertThrows(SimulationException.class, () -> BpfSimulator.of(NoInnerMap.class));
    assertTrue(none.getMessage().contains("add @InnerMap"), none.getMessage());
    SimulationException ring =
        assertThrows(SimulationException.class, () -> BpfSimulator.of(HeldRingBuffers.class));
    assertTrue(ring.getMessage().contains("the simulator models maps of ARRAY"), ring.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sim.map("byIndex"));
  }
}
