package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.MapOfMapsHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Maps of maps on the kernel (issue 14): a program counts through an ARRAY_OF_MAPS and a
 * HASH_OF_MAPS into maps Java created and put there, sees a replacement at once and a deletion as
 * no map; the kernel's shape rule is explained; closing the handle under concurrent puts fails
 * cleanly.
 */
class MapOfMapsKernelTest {
  private static final byte[] PACKET = new byte[64];

  private static BpfObject load() {
    KernelAssumptions.requireRoot();
    return BpfRuntime.load(MapOfMapsObjects.countNested(), "nested");
  }

  private static void run(BpfProgram program, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals(0, program.testRun(PACKET, 1).retval());
    }
  }

  @Test
  void aProgramCountsIntoTheHeldMapsAndSeesReplacementsAndDeletes() {
    try (BpfObject obj = load();
        MapOfMapsHandle<Integer> byIndex = obj.mapOfMaps("byIndex", Integer.class);
        MapOfMapsHandle<Integer> byKey = obj.mapOfMaps("byKey", Integer.class);
        MapHandle<Integer, Long> a1 = byIndex.newInner(Integer.class, Long.class);
        MapHandle<Integer, Long> a2 = byIndex.newInner(Integer.class, Long.class);
        MapHandle<Integer, Long> h1 = byKey.newInner(Integer.class, Long.class);
        MapHandle<Integer, Long> h2 = byKey.newInner(Integer.class, Long.class)) {
      BpfProgram program = obj.program("countNested");
      assertEquals(MapHandle.TypeCheck.BTF, a1.typeCheck(), "inner maps carry the BTF types");
      h1.put(0, 0L);
      h2.put(0, 100L);
      run(program, 2); // nothing held yet: the lookups return null
      assertEquals(0L, a1.get(0));
      assertEquals(List.of(), byIndex.keys());

      byIndex.put(MapOfMapsObjects.BY_INDEX_SLOT, a1);
      byKey.put(MapOfMapsObjects.BY_KEY_KEY, h1);
      run(program, 5);
      assertEquals(5L, a1.get(0));
      assertEquals(5L, h1.get(0));
      assertEquals(List.of(0), byIndex.keys());
      assertEquals(List.of(7), byKey.keys());
      int a1Id = byIndex.innerId(0).orElseThrow();
      try (MapHandle<Integer, Long> held =
          byIndex.get(0, Integer.class, Long.class).orElseThrow()) {
        assertEquals(5L, held.get(0), "the map opened by id is the one put");
      }

      // Replacing is one update: the program's next lookup finds the new map.
      byIndex.put(0, a2);
      byKey.put(7, h2);
      assertNotEquals(a1Id, byIndex.innerId(0).orElseThrow());
      run(program, 3);
      assertEquals(5L, a1.get(0));
      assertEquals(3L, a2.get(0));
      assertEquals(5L, h1.get(0));
      assertEquals(103L, h2.get(0));

      assertTrue(byIndex.delete(0));
      assertTrue(byKey.delete(7));
      assertFalse(byKey.delete(7));
      run(program, 4);
      assertEquals(3L, a2.get(0));
      assertEquals(103L, h2.get(0));
      assertEquals(Optional.empty(), byIndex.get(0, Integer.class, Long.class));
      assertEquals(List.of(), byKey.keys());
    }
  }

  @Test
  void aHeldMapOutlivesItsHandle() {
    try (BpfObject obj = load();
        MapOfMapsHandle<Integer> byIndex = obj.mapOfMaps("byIndex", Integer.class)) {
      try (MapHandle<Integer, Long> a = byIndex.newInner(Integer.class, Long.class)) {
        byIndex.put(0, a);
      }
      run(obj.program("countNested"), 4);
      try (MapHandle<Integer, Long> held =
          byIndex.get(0, Integer.class, Long.class).orElseThrow()) {
        assertEquals(4L, held.get(0));
      }
    }
  }

  @Test
  void theKernelsShapeRuleIsExplained() {
    Path bpftool = KernelAssumptions.requireTool("bpftool");
    try (PinDir pins = PinDir.create();
        BpfObject obj = load();
        MapOfMapsHandle<Integer> byIndex = obj.mapOfMaps("byIndex", Integer.class);
        MapOfMapsHandle<Integer> byKey = obj.mapOfMaps("byKey", Integer.class);
        MapHandle<Integer, Long> hash = byKey.newInner(Integer.class, Long.class)) {
      BpfException kind = assertThrows(BpfException.class, () -> byIndex.put(0, hash));
      assertEquals(Errno.EINVAL, kind.errno());
      System.out.println("[bpf4j-it] wrong inner kind: " + kind.getMessage());
      assertTrue(
          kind.getMessage()
              .contains(
                  "byIndex holds maps of type ARRAY, key 4 B, value 8 B, max_entries 4, flags 0,"
                      + " not type HASH, key 4 B, value 8 B, max_entries 16, flags 0"),
          kind.getMessage());

      // An ARRAY must have the template's max_entries; a HASH need not (array_map_meta_equal).
      try (MapHandle<Integer, Long> bigArray =
              bpftoolMap(bpftool, pins.resolve("bigArray"), "array", 8);
          MapHandle<Integer, Long> bigHash =
              bpftoolMap(bpftool, pins.resolve("bigHash"), "hash", 64)) {
        BpfException size = assertThrows(BpfException.class, () -> byIndex.put(0, bigArray));
        assertTrue(size.getMessage().contains("max_entries 4, flags 0, not"), size.getMessage());
        byKey.put(7, bigHash);
        bigHash.put(0, 0L);
        run(obj.program("countNested"), 2);
        assertEquals(2L, bigHash.get(0));
      }
      BpfException past =
          assertThrows(
              BpfException.class,
              () -> {
                try (MapHandle<Integer, Long> a = byIndex.newInner(Integer.class, Long.class)) {
                  byIndex.put(2, a);
                }
              });
      assertEquals(Errno.E2BIG, past.errno());
    }
  }

  /**
   * As above, but the handle itself is closed: one opened from a pin owns its fd, and the fd's use
   * count makes the calls in flight finish and the later ones fail as closed.
   */
  @Test
  void closingAPinnedHandleWhileThreadsPutFailsCleanly() throws Exception {
    try (PinDir pins = PinDir.create();
        BpfObject obj = load();
        MapOfMapsHandle<Integer> own = obj.mapOfMaps("byIndex", Integer.class)) {
      own.pin(pins.resolve("byIndex"));
      long bpfFdsBefore = OpenFds.bpfCount();
      MapOfMapsHandle<Integer> pinned =
          MapOfMapsHandle.openPinned(pins.resolve("byIndex"), Integer.class);
      int threads = 6;
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      CountDownLatch busy = new CountDownLatch(threads * 50);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int slot = t % 2;
        Thread w =
            new Thread(
                () -> {
                  try {
                    while (true) {
                      try (MapHandle<Integer, Long> inner =
                          own.newInner(Integer.class, Long.class)) {
                        pinned.put(slot, inner);
                        pinned.keys();
                        completed.incrementAndGet();
                        busy.countDown();
                      }
                    }
                  } catch (IllegalStateException closed) {
                    if (!closed.getMessage().contains("byIndex is closed")) {
                      unexpected.compareAndSet(null, closed);
                    }
                    refused.incrementAndGet();
                  } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                  }
                });
        w.start();
        workers.add(w);
      }
      busy.await();
      pinned.close();
      for (Thread w : workers) {
        w.join(30_000);
        assertFalse(w.isAlive(), "a worker is stuck");
      }
      if (unexpected.get() != null) {
        fail("a call failed otherwise than as closed", unexpected.get());
      }
      System.out.printf(
          "[bpf4j-it] pinned map-of-maps handle: %d rounds completed, %d threads stopped by"
              + " close%n",
          completed.get(), refused.get());
      assertEquals(threads, refused.get());
      assertEquals(bpfFdsBefore, OpenFds.bpfCount(), "the pinned handle's fd is closed");
      assertEquals(List.of(0, 1), own.keys(), "what the threads put stays held");
    }
  }

  /**
   * A map of maps pinned BY_NAME is shared by the next object of the same inner shape (whose
   * program then counts into the maps the first one put), and refused, naming both shapes, to one
   * whose inner maps differ: the shape of a map it holds stands in for the inner shape, which
   * {@code bpf_map_info} does not report.
   */
  @Test
  void aPinnedByNameMapOfMapsIsReusedOnlyForTheSameInnerShape() {
    try (PinDir pins = PinDir.create();
        BpfObject first =
            BpfRuntime.open(MapOfMapsObjects.countNested(1, 8), "first")
                .pinMapsIn(pins.path())
                .load();
        MapOfMapsHandle<Integer> byKey = first.mapOfMaps("byKey", Integer.class);
        MapHandle<Integer, Long> counts = byKey.newInner(Integer.class, Long.class)) {
      counts.put(0, 0L);
      byKey.put(7, counts);
      BpfException other =
          assertThrows(
              BpfException.class,
              () ->
                  BpfRuntime.open(MapOfMapsObjects.countNested(1, 4), "other")
                      .pinMapsIn(pins.path())
                      .load()
                      .close());
      System.out.println("[bpf4j-it] pinned map of maps, other inner shape: " + other.getMessage());
      assertTrue(
          other
              .getMessage()
              .contains(
                  "holds maps of type HASH, key 4 B, value 8 B, max_entries 16, flags 0, but map"
                      + " byKey of this object holds maps of type HASH, key 4 B, value 4 B,"
                      + " max_entries 16, flags 0"),
          other.getMessage());
      try (BpfObject second =
          BpfRuntime.open(MapOfMapsObjects.countNested(1, 8), "second")
              .pinMapsIn(pins.path())
              .load()) {
        run(second.program("countNested"), 3);
        assertEquals(3L, counts.get(0), "the second object's program counts into the shared maps");
      }
      try (MapOfMapsHandle<Integer> pinned =
              MapOfMapsHandle.openPinned(pins.resolve("byKey"), Integer.class);
          MapHandle<Integer, Long> copy = pinned.newInner(Integer.class, Long.class)) {
        pinned.put(8, copy);
        assertEquals(List.of(7, 8), sorted(pinned.keys()));
      }
    }
  }

  /** A kind the kernel cannot hold in a map of maps is a load error that says so. */
  @Test
  void aProgArrayCannotBeHeld() {
    KernelAssumptions.requireRoot();
    io.bpf4j.object.LinkedObject nested = MapOfMapsObjects.countNested();
    io.bpf4j.object.MapSpec byKey = nested.map("byKey").orElseThrow();
    io.bpf4j.object.MapSpec progArrays =
        new io.bpf4j.object.MapSpec(
            "byKey.inner",
            io.bpf4j.object.kernel.MapType.PROG_ARRAY.kernelId(),
            4,
            4,
            4,
            0,
            0,
            0,
            0,
            List.of());
    BpfException e =
        assertThrows(
            BpfException.class,
            () ->
                BpfRuntime.load(nested.withMap(byKey.withInner(progArrays)), "progArrays").close());
    System.out.println("[bpf4j-it] held prog arrays: " + e.getMessage());
    assertTrue(
        e.getMessage().contains("does not take PROG_ARRAY maps inside a map of maps"),
        e.getMessage());
  }

  private static List<Integer> sorted(List<Integer> keys) {
    List<Integer> out = new ArrayList<>(keys);
    out.sort(null);
    return out;
  }

  private static MapHandle<Integer, Long> bpftoolMap(Path bpftool, Path pin, String type, int n) {
    Tools.run(
            bpftool,
            "map",
            "create",
            pin,
            "type",
            type,
            "key",
            "4",
            "value",
            "8",
            "entries",
            n,
            "name",
            "mim_" + type)
        .assertSuccess();
    return MapHandle.openPinned(pin, Integer.class, Long.class);
  }

  /**
   * Threads put and replace inner maps while the object is closed under them: every call either
   * completes or fails with the closed-handle exception naming the map; nothing else, and no fd
   * stays open.
   */
  @Test
  void closingWhileThreadsPutAndReplaceFailsCleanly() throws Exception {
    KernelAssumptions.requireRoot();
    long bpfFdsBefore = OpenFds.bpfCount();
    int threads = 6;
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    BpfObject obj = load();
    MapOfMapsHandle<Integer> byIndex = obj.mapOfMaps("byIndex", Integer.class);
    MapOfMapsHandle<Integer> byKey = obj.mapOfMaps("byKey", Integer.class);
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    CountDownLatch busy = new CountDownLatch(threads * 50);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (true) {
                    try (MapHandle<Integer, Long> inner =
                        (id % 2 == 0 ? byIndex : byKey).newInner(Integer.class, Long.class)) {
                      if (id % 2 == 0) {
                        byIndex.put(id % 2, inner);
                        byIndex.innerId(id % 2);
                      } else {
                        byKey.put(id, inner);
                        byKey.delete(id);
                      }
                      completed.incrementAndGet();
                      busy.countDown();
                    }
                  }
                } catch (IllegalStateException closed) {
                  // ClosedFdException ("map of maps byIndex is closed", "... btf ... closed") or
                  // the
                  // closed handle: the clear failures
                  if (!closed.getMessage().contains("closed")) {
                    unexpected.compareAndSet(null, closed);
                  }
                  refused.incrementAndGet();
                } catch (Throwable e) {
                  unexpected.compareAndSet(null, e);
                }
              });
      w.start();
      workers.add(w);
    }
    start.await();
    busy.await();
    obj.close();
    for (Thread w : workers) {
      w.join(30_000);
      assertFalse(w.isAlive(), "a worker is stuck");
    }
    if (unexpected.get() != null) {
      fail("a call failed otherwise than as closed", unexpected.get());
    }
    System.out.printf(
        "[bpf4j-it] map of maps: %d put/replace rounds completed, %d threads stopped by close%n",
        completed.get(), refused.get());
    assertEquals(threads, refused.get(), "every worker ends on the closed map");
    assertEquals(bpfFdsBefore, OpenFds.bpfCount(), "bpf fds after the object and maps closed");
  }
}
