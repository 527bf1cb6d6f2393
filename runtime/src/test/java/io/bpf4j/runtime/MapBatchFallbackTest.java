package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.fake.FakeKernel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch operations over a kernel that refuses every batch command (the fake one, as a kernel before
 * 5.6): putAll, deleteAll and drainAll go entry by entry with the same results, and a refused entry
 * still reports how many went in before it.
 */
class MapBatchFallbackTest {
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
  }

  private static Map<Integer, Integer> squares(int from, int to) {
    Map<Integer, Integer> m = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      m.put(i, i * i);
    }
    return m;
  }

  @Test
  void putDeleteAndDrainGoEntryByEntry() {
    MapHandle<Integer, Integer> map = obj.map("perCpuInts", Integer.class, Integer.class);
    map.putAll(squares(0, 4));
    assertEquals(List.of(9, 9, 9, 9), map.getPerCpu(3));
    assertEquals(2, map.deleteAll(List.of(0, 1, 7)));
    Map<Integer, List<Integer>> drained = new TreeMap<>(map.drainAllPerCpu());
    assertEquals(Map.of(2, List.of(4, 4, 4, 4), 3, List.of(9, 9, 9, 9)), drained);
    assertTrue(map.entriesPerCpu().isEmpty());
  }

  @Test
  void aFullMapReportsWhatWentIn() {
    MapHandle<Integer, Integer> map = obj.map("perCpuInts", Integer.class, Integer.class);
    BatchFailedException e =
        assertThrows(BatchFailedException.class, () -> map.putAll(squares(0, 6)));
    assertEquals(4, e.done());
    assertEquals(Errno.E2BIG, e.errno());
    assertTrue(e.getMessage().contains("4 entries done"), e.getMessage());
  }

  @Test
  void arraysTakePutAllButRefuseDeletes() {
    MapHandle<Integer, Integer> flags = obj.map("flags", Integer.class, Integer.class);
    flags.putAll(squares(0, 4));
    assertEquals(squares(0, 4), new TreeMap<>(flags.entries()));
    BpfException e = assertThrows(BpfException.class, () -> flags.deleteAll(List.of(0)));
    assertTrue(e.getMessage().contains("is an array"), e.getMessage());
    assertThrows(BpfException.class, flags::drainAll);
  }
}
