package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.FakeMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Map handles over the fake kernel: codecs, flags, errors, batches, per-CPU values. */
class MapHandleTest {
  /** traffic_counters as a user writes it: fields in another order than the C struct's. */
  static final class Counters {
    long pkts;
    long bytes;

    static Counters of(long pkts, long bytes) {
      Counters c = new Counters();
      c.pkts = pkts;
      c.bytes = bytes;
      return c;
    }
  }

  @TempDir Path bpffs;
  private FakeKernel kernel;
  private BpfObject obj;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs).cpus(4);
    obj = BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo");
  }

  @AfterEach
  void tearDown() {
    obj.close();
    assertEquals(Set.of(), kernel.openFds());
    assertEquals(List.of(), kernel.closeErrors());
  }

  private MapHandle<Integer, Counters> counters() {
    return obj.map("counters", Integer.class, Counters.class);
  }

  private MapHandle<Integer, Integer> flags() {
    return obj.map("flags", Integer.class, Integer.class);
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  @Test
  void structValuesAreLaidOutByBtfMemberNames() {
    MapHandle<Integer, Counters> map = counters();
    map.put(7, Counters.of(3, 500));
    byte[] raw = kernel.map("counters").value(le(7));
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(500, b.getLong(0), "bytes comes first in the C struct");
    assertEquals(3, b.getLong(8));
    Counters back = map.get(7);
    assertEquals(3, back.pkts);
    assertEquals(500, back.bytes);
    assertNull(map.get(8));
  }

  @Test
  void aJavaTypeOfTheWrongSizeIsRefused() {
    BpfException e =
        assertThrows(BpfException.class, () -> obj.map("counters", Integer.class, Long.class));
    assertEquals(
        "the map's value has 16 bytes, but Long has 8; use a type of that size", e.getMessage());
  }

  @Test
  void aProgArrayIsNotAMapHandle() {
    BpfException e =
        assertThrows(BpfException.class, () -> obj.map("slots", Integer.class, Integer.class));
    assertEquals("map slots is a prog array; use ProgArrayHandle for it", e.getMessage());
  }

  @Test
  void hashFlagsFollowTheKernel() {
    MapHandle<Integer, Counters> map = counters();
    map.put(1, Counters.of(1, 1), 1 /* NOEXIST */);
    BpfException exists = assertThrows(BpfException.class, () -> map.put(1, Counters.of(2, 2), 1));
    assertEquals(Errno.EEXIST, exists.errno());
    assertEquals("update of map counters failed (EEXIST): it already exists", exists.getMessage());
    BpfException absent =
        assertThrows(BpfException.class, () -> map.put(2, Counters.of(2, 2), 2 /* EXIST */));
    assertEquals("update of map counters failed (ENOENT): it does not exist", absent.getMessage());
    map.put(1, Counters.of(5, 5), 2);
    assertEquals(5, map.get(1).pkts);
  }

  @Test
  void aFullHashSaysWhyNotJustThatItFailed() {
    MapHandle<Integer, Counters> map = counters();
    for (int i = 0; i < 8; i++) {
      map.put(i, Counters.of(i, i));
    }
    BpfException e = assertThrows(BpfException.class, () -> map.put(99, Counters.of(0, 0)));
    assertEquals(Errno.E2BIG, e.errno());
    assertEquals(
        "update of map counters failed (E2BIG): the flags are wrong for this map (arrays accept"
            + " only ANY and EXIST) or the key is out of range",
        e.getMessage());
  }

  @Test
  void deleteTellsWhetherTheKeyWasThere() {
    MapHandle<Integer, Counters> map = counters();
    map.put(4, Counters.of(1, 2));
    assertTrue(map.delete(4));
    assertFalse(map.delete(4));
    assertNull(map.get(4));
  }

  @Test
  void arraysHaveEveryIndexAndNoDelete() {
    MapHandle<Integer, Integer> map = flags();
    assertEquals(0, map.get(3));
    assertNull(map.get(4), "past max_entries");
    assertEquals(List.of(0, 1, 2, 3), map.keys());
    map.put(2, -5);
    assertEquals(-5, map.get(2));
    BpfException range = assertThrows(BpfException.class, () -> map.put(4, 1));
    assertEquals(Errno.E2BIG, range.errno());
    BpfException noexist = assertThrows(BpfException.class, () -> map.put(0, 1, 1));
    assertEquals(Errno.EEXIST, noexist.errno());
    BpfException delete = assertThrows(BpfException.class, () -> map.delete(1));
    assertEquals(
        "delete from map flags failed (EINVAL): array maps do not support delete",
        delete.getMessage());
  }

  @Test
  void keysComeInTheKernelsOrder() {
    MapHandle<Integer, Counters> map = counters();
    for (int k : new int[] {5, 3, 9}) {
      map.put(k, Counters.of(k, k));
    }
    assertEquals(List.of(5, 3, 9), map.keys());
  }

  @Test
  void entriesAreReadInBatches() {
    MapHandle<Integer, Counters> map = counters();
    for (int i = 0; i < 6; i++) {
      map.put(i, Counters.of(i, 10L * i));
    }
    Map<Integer, Counters> all = map.entries();
    assertEquals(6, all.size());
    assertEquals(50, all.get(5).bytes);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), new ArrayList<>(all.keySet()));
    assertTrue(kernel.batchCalls() > 0);
  }

  @Test
  void entriesFallBackToKeyByKeyWithoutBatches() {
    kernel.batches(false);
    MapHandle<Integer, Counters> map = counters();
    for (int i = 0; i < 6; i++) {
      map.put(i, Counters.of(i, 10L * i));
    }
    Map<Integer, Counters> all = map.entries();
    assertEquals(6, all.size());
    assertEquals(30, all.get(3).bytes);
    assertEquals(1, kernel.batchCalls(), "one refused batch, then key by key");
  }

  @Test
  void aFailingBatchAfterTheFirstIsAnError() {
    MapHandle<Integer, Integer> map = flags();
    kernel.failNext("mapLookupBatch", Errno.EFAULT);
    BpfException e = assertThrows(BpfException.class, map::entries);
    assertEquals(
        "reading entries of map flags failed (EFAULT): a bad address was passed to the kernel (a bpf4j"
            + " bug; please report it)",
        e.getMessage());
  }

  @Test
  void forEachBatchDecodesOnlyWhatIsAskedFor() {
    MapHandle<Integer, Counters> map = counters();
    for (int i = 0; i < 5; i++) {
      map.put(i, Counters.of(i, i));
    }
    int[] seen = {0};
    List<Integer> keys = new ArrayList<>();
    map.forEachBatch(
        batch -> {
          seen[0] += batch.size();
          keys.add(batch.key(batch.size() - 1));
        });
    assertEquals(5, seen[0]);
    assertEquals(List.of(4), keys);
  }

  @Test
  void perCpuValuesAreOnePerPossibleCpu() {
    MapHandle<Integer, Long> map = obj.map("perCpu", Integer.class, Long.class);
    map.put(1, 7L);
    assertEquals(List.of(7L, 7L, 7L, 7L), map.getPerCpu(1));
    assertEquals(List.of(0L, 0L, 0L, 0L), map.getPerCpu(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> map.get(1));
    assertEquals("map perCpu is per-CPU: use getPerCpu/entriesPerCpu", e.getMessage());
    assertThrows(IllegalStateException.class, map::entries);
    Map<Integer, List<Long>> all = map.entriesPerCpu();
    assertEquals(4, all.size());
    assertEquals(List.of(7L, 7L, 7L, 7L), all.get(1));
  }

  @Test
  void aBatchOfAPerCpuMapHasOnlyPerCpuValues() {
    MapHandle<Integer, Long> map = obj.map("perCpu", Integer.class, Long.class);
    map.put(2, 9L);
    List<List<Long>> values = new ArrayList<>();
    map.forEachBatch(
        batch -> {
          assertThrows(IllegalStateException.class, () -> batch.value(0));
          for (int i = 0; i < batch.size(); i++) {
            values.add(batch.valuesPerCpu(i));
          }
        });
    assertEquals(List.of(9L, 9L, 9L, 9L), values.get(2));
  }

  @Test
  void perCpuSlotsAreEightByteAligned() {
    MapHandle<Integer, Integer> map = obj.map("perCpuInts", Integer.class, Integer.class);
    map.put(3, 0x01020304);
    byte[] raw = kernel.map("perCpuInts").value(le(3));
    assertEquals(4 * 8, raw.length);
    for (int cpu = 0; cpu < 4; cpu++) {
      assertArrayEquals(
          le(0x01020304), java.util.Arrays.copyOfRange(raw, cpu * 8, cpu * 8 + 4), "cpu " + cpu);
    }
    assertEquals(List.of(0x01020304, 0x01020304, 0x01020304, 0x01020304), map.getPerCpu(3));
    assertEquals(Map.of(3, map.getPerCpu(3)), map.entriesPerCpu());
  }

  @Test
  void aPinnedMapOpensWithTheKernelsBtf() {
    Path path = bpffs.resolve("maps/counters");
    counters().pin(path);
    counters().put(2, Counters.of(20, 2000));
    try (MapHandle<Integer, Counters> pinned =
        MapHandle.openPinned(kernel, path, Integer.class, Counters.class)) {
      assertEquals("counters", pinned.name());
      assertEquals(2000, pinned.get(2).bytes);
      assertEquals(20, pinned.get(2).pkts);
    }
  }

  @Test
  void openingNothingSaysToPinFirst() {
    Path path = bpffs.resolve("absent");
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> MapHandle.openPinned(kernel, path, Integer.class, Integer.class));
    assertEquals(Errno.ENOENT, e.errno());
    assertEquals(
        "nothing is pinned at " + path + " (map expected); load and pin it first", e.getMessage());
  }

  @Test
  void aPinnedProgramIsNotAMap() {
    Path path = bpffs.resolve("count");
    obj.program("count").pin(path);
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> MapHandle.openPinned(kernel, path, Integer.class, Integer.class));
    assertEquals(path + " is a program, not a map (map expected)", e.getMessage());
  }

  @Test
  void pinningOutsideABpffsSaysHowToMountOne() {
    Path elsewhere = Path.of("/var/tmp/not-bpffs/counters");
    BpfException e = assertThrows(BpfException.class, () -> counters().pin(elsewhere));
    assertEquals(
        elsewhere
            + " is not on a BPF filesystem (bpffs), it is on ext4; pins live on a bpffs, usually"
            + " /sys/fs/bpf; mount one with: mount -t bpf bpf /sys/fs/bpf",
        e.getMessage());
  }

  @Test
  void pinningWhereSomethingIsPinnedSaysToRemoveIt() {
    Path path = bpffs.resolve("taken");
    counters().pin(path);
    BpfException e = assertThrows(BpfException.class, () -> flags().pin(path));
    assertEquals(Errno.EEXIST, e.errno());
    assertEquals(
        "cannot pin map flags at "
            + path
            + ": something is already pinned there; remove it (rm "
            + path
            + ") or pin elsewhere",
        e.getMessage());
  }

  @Test
  void handlesOfAnObjectDoNotCloseItsMaps() {
    MapHandle<Integer, Integer> map = flags();
    map.close();
    FakeMap flags = kernel.map("flags");
    assertTrue(kernel.openFds().stream().anyMatch(fd -> kernel.object(fd) == flags));
    assertEquals(0, flags().get(0));
  }
}
