package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.FakeMap;
import io.bpf4j.runtime.sys.ClosedFdException;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maps of maps on the fake kernel: the loader passes a template of the inner shape as {@code
 * inner_map_fd} and closes it, and {@link MapOfMapsHandle} creates, stores, reads, replaces and
 * deletes inner maps with the kernel's rules, leaking no fd.
 */
class MapOfMapsHandleTest {
  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void noFdLeaksOrDoubleCloses() {
    assertEquals(List.of(), kernel.closeErrors());
    assertEquals(Set.of(), kernel.openFds());
  }

  private BpfObject load() {
    return BpfRuntime.load(kernel, bpffs, TestObjects.mapsOfMaps(), "nested");
  }

  @Test
  void theOuterMapIsCreatedFromATemplateOfTheInnerShapeThatIsClosedAgain() {
    try (BpfObject obj = load()) {
      FakeMap byIndex = kernel.map("byIndex");
      assertEquals(MapType.ARRAY_OF_MAPS, byIndex.type());
      Kernel.MapInfo template = byIndex.innerTemplate();
      assertEquals(MapType.ARRAY.kernelId(), template.type());
      assertEquals(8, template.valueSize());
      assertEquals(8, template.maxEntries());
      assertEquals("byIndex.inner", template.name());
      assertEquals(MapType.HASH.kernelId(), kernel.map("byKey").innerTemplate().type());
      // The object holds its BTF, two outer maps and one program; the templates are closed.
      assertEquals(4, kernel.openFds().size());
    }
  }

  @Test
  void putGetReplaceDeleteOnAnArrayOfMaps() {
    try (BpfObject obj = load();
        MapOfMapsHandle<Integer> outer = obj.mapOfMaps("byIndex", Integer.class);
        MapHandle<Integer, Long> first = outer.newInner(Integer.class, Long.class);
        MapHandle<Integer, Long> second = outer.newInner(Integer.class, Long.class)) {
      assertEquals(MapHandle.TypeCheck.BTF, first.typeCheck());
      assertEquals(List.of(), outer.keys(), "empty slots are not keys");
      assertEquals(OptionalInt.empty(), outer.innerId(1));
      first.put(3, 42L);
      outer.put(1, first);
      assertEquals(List.of(1), outer.keys());
      int firstId = outer.innerId(1).orElseThrow();
      assertEquals(kernel.object(first.fd()).id(), firstId);
      Optional<MapHandle<Integer, Long>> held = outer.get(1, Integer.class, Long.class);
      assertTrue(held.isPresent());
      try (MapHandle<Integer, Long> h = held.get()) {
        assertEquals(42L, h.get(3));
        h.put(4, 7L);
      }
      assertEquals(7L, first.get(4), "the held map is the same map");
      outer.put(1, second);
      assertTrue(outer.innerId(1).orElseThrow() != firstId, "replaced");
      assertTrue(outer.delete(1));
      assertFalse(outer.delete(1));
      assertEquals(Optional.empty(), outer.get(1, Integer.class, Long.class));
      BpfException past = assertThrows(BpfException.class, () -> outer.put(4, first));
      assertEquals(Errno.E2BIG, past.errno());
      assertTrue(past.getMessage().contains("past max_entries (4)"), past.getMessage());
    }
  }

  @Test
  void aHashOfMapsIsBoundedByMaxEntries() {
    try (BpfObject obj = load();
        MapOfMapsHandle<Integer> outer = obj.mapOfMaps("byKey", Integer.class);
        MapHandle<Integer, Long> inner = outer.newInner(Integer.class, Long.class)) {
      outer.put(10, inner);
      outer.put(20, inner);
      assertEquals(List.of(10, 20), outer.keys());
      BpfException full = assertThrows(BpfException.class, () -> outer.put(30, inner));
      assertTrue(full.getMessage().contains("full (max_entries 2)"), full.getMessage());
    }
  }

  @Test
  void aMapOfTheWrongShapeIsRefusedWithBothShapes() {
    try (BpfObject obj = load();
        MapOfMapsHandle<Integer> outer = obj.mapOfMaps("byIndex", Integer.class);
        MapHandle<Integer, Long> hash =
            obj.mapOfMaps("byKey", Integer.class).newInner(Integer.class, Long.class)) {
      BpfException e = assertThrows(BpfException.class, () -> outer.put(0, hash));
      assertEquals(Errno.EINVAL, e.errno());
      assertTrue(
          e.getMessage()
              .contains(
                  "byIndex holds maps of type ARRAY, key 4 B, value 8 B, max_entries 8, flags 0,"
                      + " not type HASH, key 4 B, value 8 B, max_entries 16, flags 0"),
          e.getMessage());
    }
  }

  @Test
  void resizingTheOuterMapBeforeLoadKeepsItsInnerShape() {
    try (BpfObject obj =
        new BpfLoader(kernel, bpffs, TestObjects.mapsOfMaps(), "nested")
            .maxEntries("byKey", 64)
            .load()) {
      assertEquals(64, kernel.map("byKey").create().maxEntries());
      assertEquals(MapType.HASH.kernelId(), kernel.map("byKey").innerTemplate().type());
    }
  }

  @Test
  void aPinnedByNameMapOfMapsHoldingMapsOfAnotherShapeIsNotReused() {
    io.bpf4j.object.LinkedObject nested = TestObjects.mapsOfMaps();
    io.bpf4j.object.MapSpec byKey = nested.map("byKey").orElseThrow();
    io.bpf4j.object.MapSpec pinnedByKey =
        new io.bpf4j.object.MapSpec(
                "byKey",
                byKey.type(),
                4,
                4,
                2,
                0,
                io.bpf4j.object.MapSpec.PIN_BY_NAME,
                0,
                0,
                List.of())
            .withInner(byKey.inner());
    io.bpf4j.object.MapSpec otherInner =
        new io.bpf4j.object.MapSpec(
            "byKey.inner", MapType.HASH.kernelId(), 4, 4, 16, 0, 0, 0, 0, List.of());
    try (BpfObject first = BpfRuntime.load(kernel, bpffs, nested.withMap(pinnedByKey), "first");
        MapOfMapsHandle<Integer> outer = first.mapOfMaps("byKey", Integer.class);
        MapHandle<Integer, Long> inner = outer.newInner(Integer.class, Long.class)) {
      // Empty, the pin says nothing of its inner shape: reused on the outer shape alone.
      BpfRuntime.load(kernel, bpffs, nested.withMap(pinnedByKey.withInner(otherInner)), "a")
          .close();
      outer.put(1, inner);
      BpfException e =
          assertThrows(
              BpfException.class,
              () ->
                  BpfRuntime.load(
                      kernel, bpffs, nested.withMap(pinnedByKey.withInner(otherInner)), "b"));
      assertTrue(
          e.getMessage()
              .contains(
                  "holds maps of type HASH, key 4 B, value 8 B, max_entries 16, flags 0, but map"
                      + " byKey of this object holds maps of type HASH, key 4 B, value 4 B"),
          e.getMessage());
      // The same shape is reused.
      BpfRuntime.load(kernel, bpffs, nested.withMap(pinnedByKey), "c").close();
    }
  }

  @Test
  void aMapOfMapsIsNotAPlainMap() {
    try (BpfObject obj = load()) {
      BpfException e =
          assertThrows(BpfException.class, () -> obj.map("byKey", Integer.class, Integer.class));
      assertTrue(e.getMessage().contains("use MapOfMapsHandle"), e.getMessage());
    }
  }

  @Test
  void anotherKindOfMapIsNotAMapOfMaps() {
    try (BpfObject obj = BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo")) {
      BpfException e =
          assertThrows(BpfException.class, () -> obj.mapOfMaps("counters", Integer.class));
      assertTrue(e.getMessage().contains("not a map of maps"), e.getMessage());
    }
  }

  @Test
  void aClosedObjectOrHandleFailsClearly() {
    BpfObject obj = load();
    MapOfMapsHandle<Integer> outer = obj.mapOfMaps("byIndex", Integer.class);
    MapHandle<Integer, Long> inner = outer.newInner(Integer.class, Long.class);
    obj.close();
    ClosedFdException e = assertThrows(ClosedFdException.class, () -> outer.put(0, inner));
    assertEquals("map of maps byIndex is closed", e.getMessage());
    inner.close();
    outer.close();
    assertThrows(IllegalStateException.class, () -> outer.keys());
  }

  @Test
  void aPinnedMapOfMapsCopiesTheShapeOfAHeldMap() {
    Path pin = bpffs.resolve("byIndex");
    try (BpfObject obj = load();
        MapOfMapsHandle<Integer> outer = obj.mapOfMaps("byIndex", Integer.class);
        MapHandle<Integer, Long> inner = outer.newInner(Integer.class, Long.class)) {
      outer.pin(pin);
      try (MapOfMapsHandle<Integer> pinned =
          MapOfMapsHandle.openPinned(kernel, pin, Integer.class)) {
        BpfException none =
            assertThrows(BpfException.class, () -> pinned.newInner(Integer.class, Long.class));
        assertTrue(none.getMessage().contains("holds no map"), none.getMessage());
        outer.put(2, inner);
        try (MapHandle<Integer, Long> copy = pinned.newInner(Integer.class, Long.class)) {
          pinned.put(3, copy);
          assertEquals(List.of(2, 3), pinned.keys());
        }
      }
      assertNotNull(kernel.pinned(pin));
    }
  }
}
