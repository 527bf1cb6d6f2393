package io.bpf4j.it.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.runtime.BatchFailedException;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.QueueHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Batch operations (issue 14) on real maps made by {@code bpftool map create}: putAll, deleteAll
 * and drainAll leave exactly the expected contents for hash, per-CPU hash, LRU hash and array maps;
 * arrays refuse deletes with an explanation; a refused entry reports how many went in before it.
 */
class BatchOpsTest {
  private static final int N = 3000;

  private static Path create(PinDir pins, String type, int entries) {
    Path bpftool = KernelAssumptions.requireTool("bpftool");
    Path pin = pins.resolve(type);
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
            entries,
            "name",
            "batch_" + type.substring(0, Math.min(8, type.length())))
        .assertSuccess();
    return pin;
  }

  private static Map<Integer, Long> squares(int from, int to) {
    Map<Integer, Long> m = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      m.put(i, (long) i * i);
    }
    return m;
  }

  @Test
  void hashPutAllDeleteAllDrainAll() {
    for (String type : List.of("hash", "lru_hash")) {
      try (PinDir pins = PinDir.create();
          MapHandle<Integer, Long> m =
              MapHandle.openPinned(create(pins, type, N * 2), Integer.class, Long.class)) {
        m.putAll(squares(0, N));
        assertEquals(squares(0, N), new TreeMap<>(m.entries()), type);
        List<Integer> evens = new ArrayList<>();
        for (int i = 0; i < N; i += 2) {
          evens.add(i);
        }
        // Keys not in the map are skipped, not counted.
        evens.add(N + 5);
        assertEquals(N / 2, m.deleteAll(evens), type);
        Map<Integer, Long> odds = new TreeMap<>();
        for (int i = 1; i < N; i += 2) {
          odds.put(i, (long) i * i);
        }
        assertEquals(odds, new TreeMap<>(m.entries()), type);
        assertEquals(odds, new TreeMap<>(m.drainAll()), type);
        assertTrue(m.entries().isEmpty(), type);
        assertEquals(0, m.deleteAll(List.of(1, 2, 3)), type);
      }
    }
  }

  @Test
  void perCpuHashPutsEveryCpuAndDrains() {
    try (PinDir pins = PinDir.create();
        MapHandle<Integer, Long> m =
            MapHandle.openPinned(create(pins, "percpu_hash", N), Integer.class, Long.class)) {
      m.putAll(squares(0, 1000));
      int cpus = MapHandle.possibleCpus();
      Map<Integer, List<Long>> drained = m.drainAllPerCpu();
      assertEquals(1000, drained.size());
      for (int i = 0; i < 1000; i++) {
        assertEquals(Collections.nCopies(cpus, (long) i * i), drained.get(i), "key " + i);
      }
      assertTrue(m.entriesPerCpu().isEmpty());
      m.putAll(squares(0, 10));
      assertEquals(4, m.deleteAll(List.of(0, 1, 2, 3)));
      assertEquals(6, m.entriesPerCpu().size());
    }
  }

  @Test
  void arrayPutAllAndRefusedDeletes() {
    try (PinDir pins = PinDir.create();
        MapHandle<Integer, Long> m =
            MapHandle.openPinned(create(pins, "array", 100), Integer.class, Long.class)) {
      m.putAll(squares(0, 100));
      assertEquals(squares(0, 100), new TreeMap<>(m.entries()));
      BpfException e = assertThrows(BpfException.class, () -> m.deleteAll(List.of(1)));
      assertTrue(e.getMessage().contains("is an array"), e.getMessage());
      assertThrows(BpfException.class, m::drainAll);
      // Index 100 is out of range: the 40 entries before it are stored, the rest not.
      Map<Integer, Long> some = new LinkedHashMap<>();
      for (int i = 60; i < 100; i++) {
        some.put(i, -1L);
      }
      some.put(100, -1L);
      some.put(0, -1L);
      BatchFailedException f = assertThrows(BatchFailedException.class, () -> m.putAll(some));
      System.out.println("[bpf4j-it] array putAll out of range: " + f.getMessage());
      assertEquals(40, f.done());
      assertEquals(-1L, m.get(99));
      assertEquals(0L, m.get(0));
    }
  }

  @Test
  void putAllWithNoexistReportsWhatWentIn() {
    try (PinDir pins = PinDir.create();
        MapHandle<Integer, Long> m =
            MapHandle.openPinned(create(pins, "hash", 100), Integer.class, Long.class)) {
      m.put(5, 55L);
      BatchFailedException f =
          assertThrows(BatchFailedException.class, () -> m.putAll(squares(0, 10), 1));
      assertEquals(5, f.done());
      assertEquals(55L, m.get(5));
      assertEquals(16L, m.get(4));
      assertNull(m.get(6));
    }
  }

  @Test
  void queueOpensPinnedWithTypeCheck() {
    try (PinDir pins = PinDir.create()) {
      Path bpftool = KernelAssumptions.requireTool("bpftool");
      Path pin = pins.resolve("queue");
      Tools.run(
              bpftool,
              "map",
              "create",
              pin,
              "type",
              "queue",
              "key",
              "0",
              "value",
              "8",
              "entries",
              "4",
              "name",
              "batch_queue")
          .assertSuccess();
      try (QueueHandle<Long> q = QueueHandle.openPinned(pin, Long.class)) {
        q.push(7L);
        q.push(8L);
      }
      try (QueueHandle<Long> q = QueueHandle.openPinned(pin, Long.class)) {
        assertEquals(7L, q.pop());
        assertEquals(8L, q.pop());
        assertNull(q.pop());
      }
      BpfException size =
          assertThrows(BpfException.class, () -> QueueHandle.openPinned(pin, Integer.class));
      System.out.println("[bpf4j-it] queue opened as Integer: " + size.getMessage());
      Path hash = create(pins, "hash", 4);
      BpfException kind =
          assertThrows(BpfException.class, () -> QueueHandle.openPinned(hash, Long.class));
      assertTrue(kind.getMessage().contains("not a queue or stack"), kind.getMessage());
    }
  }
}
