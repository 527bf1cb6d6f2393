package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLoader;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.GlobalVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The open → configure → load life cycle ({@link BpfLoader}) and {@link GlobalVariable}s over the
 * memory-mapped .data/.bss, against the kernel: corpus programs Globals, ConfigBranches and
 * LruCounter.
 */
class LoaderAndGlobalVariablesTest {
  private static final int ETH_HLEN = 14;

  /** Mirrors corpus Globals.Stats: members matched by name against the BTF struct. */
  static final class Stats {
    long packets;
    int lastLen;
  }

  private static BpfLoader open(String name) {
    KernelAssumptions.requireBpffs();
    return BpfRuntime.open(Corpus.compile(name));
  }

  @Test
  void configSetOnTheLoaderChangesTheResult() {
    byte[] frame = Packet.udpFrame(64);
    int len = frame.length - ETH_HLEN;
    for (int threshold : new int[] {10, len - 1, len, 1000}) {
      try (BpfObject obj = open("ConfigBranches").config("threshold", threshold).load()) {
        assertEquals(
            len > threshold ? 1 : 0,
            obj.program("filter").testRun(frame, 1).retval(),
            "threshold " + threshold);
        assertEquals(threshold, obj.global("threshold", Integer.class).get());
      }
    }
    try (BpfObject obj = open("ConfigBranches").config("debug", true).load()) {
      obj.program("filter").testRun(frame, 1);
      assertEquals((long) len, obj.global("debugBytes", Long.class).get(), "debug branch ran");
      assertTrue(obj.global("debug", Boolean.class).get());
    }
  }

  @Test
  void initialValuesOfDataAndBssGlobalsAreSetOnTheLoaderToo() {
    Stats start = new Stats();
    start.packets = 10;
    try (BpfObject obj =
        open("Globals")
            .config("total", 100L)
            .config("weights", new int[] {0, 0, 0, 0})
            .config("stats", start)
            .load()) {
      int len = 61 - ETH_HLEN;
      assertEquals(len * 3, obj.program("count").testRun(Packet.udpFrame(61), 1).retval());
      assertEquals(100L + len, obj.global("total", Long.class).get());
      assertEquals(11L, obj.global("stats", Stats.class).get().packets);
    }
  }

  @Test
  void aWrongTypeOrUnknownNameFailsBeforeLoad() {
    BpfLoader loader = open("ConfigBranches");
    BpfException e = assertThrows(BpfException.class, () -> loader.config("threshold", 5L));
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    assertTrue(e.getMessage().contains("int"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.Long"), e.getMessage());
    e = assertThrows(BpfException.class, () -> loader.config("debug", 1));
    assertTrue(
        e.getMessage().contains("debug") && e.getMessage().contains("Integer"), e.getMessage());
    e = assertThrows(BpfException.class, () -> loader.config("treshold", 5));
    assertTrue(e.getMessage().contains("treshold"), e.getMessage());
    assertTrue(e.getMessage().contains("threshold"), "lists the globals: " + e.getMessage());
    BpfLoader globals = open("Globals");
    e = assertThrows(BpfException.class, () -> globals.config("weights", new int[3]));
    assertTrue(e.getMessage().contains("weights") && e.getMessage().contains("4"), e.getMessage());
    e = assertThrows(BpfException.class, () -> globals.config("weights", new long[4]));
    assertTrue(
        e.getMessage().contains("weights") && e.getMessage().contains("long[]"), e.getMessage());
    e = assertThrows(BpfException.class, () -> globals.maxEntries("nothing", 4));
    assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    // The failed settings changed nothing: the loader still loads, once.
    try (BpfObject obj = loader.load()) {
      assertEquals(100, obj.global("threshold", Integer.class).get());
    }
    assertThrows(IllegalStateException.class, loader::load);
  }

  @Test
  void globalsWrittenByTheProgramReadExactly() {
    int[] lengths = {61, 74, 99};
    try (BpfObject obj = open("Globals").config("multiplier", 5).load()) {
      BpfProgram count = obj.program("count");
      long total = 0;
      int seed = 7;
      long[] hist = new long[4];
      for (int frame : lengths) {
        count.testRun(Packet.udpFrame(frame), 1);
        int len = frame - ETH_HLEN;
        total += len;
        seed = seed * 31 + len;
        hist[len & 3]++;
      }
      assertEquals(total, obj.global("total", Long.class).get());
      assertEquals((long) lengths.length, obj.global("atomicCount", Long.class).get());
      assertEquals(seed, obj.global("seed", Integer.class).get());
      assertArrayEquals(hist, obj.global("hist", long[].class).get());
      assertArrayEquals(new int[] {1, 2, 3, 5}, obj.global("weights", int[].class).get());
      assertEquals((byte) (-2 - lengths.length), obj.global("small", Byte.class).get());
      Stats stats = obj.global("stats", Stats.class).get();
      assertEquals(lengths.length, stats.packets);
      assertEquals(lengths[lengths.length - 1] - ETH_HLEN, stats.lastLen);
      GlobalVariable<Integer> multiplier = obj.global("multiplier", Integer.class);
      assertEquals(5, multiplier.get());
      assertFalse(multiplier.isWritable());
      BpfException e = assertThrows(BpfException.class, () -> multiplier.set(7));
      assertTrue(e.getMessage().contains("fixed at load"), e.getMessage());
      e = assertThrows(BpfException.class, () -> obj.global("total", Integer.class));
      assertTrue(
          e.getMessage().contains("total") && e.getMessage().contains("Integer"), e.getMessage());
    }
  }

  @Test
  void globalsSetFromJavaAreSeenByTheProgram() {
    try (BpfObject obj = open("Globals").load()) {
      BpfProgram count = obj.program("count");
      GlobalVariable<int[]> weights = obj.global("weights", int[].class);
      weights.set(new int[] {100, 200, 300, 400});
      GlobalVariable<Long> total = obj.global("total", Long.class);
      total.set(1_000_000_000_000L);
      GlobalVariable<Integer> seed = obj.global("seed", Integer.class);
      seed.set(-5);
      int len = 61 - ETH_HLEN;
      int ret = count.testRun(Packet.udpFrame(61), 1).retval();
      assertEquals(
          len * 3 + new int[] {100, 200, 300, 400}[len & 3], ret, "the program read weights");
      assertEquals(1_000_000_000_000L + len, total.get());
      assertEquals(-5 * 31 + len, seed.get());
      Map<String, Object> bss = GlobalVariables.dump(count, "Globals.bss");
      assertEquals(1_000_000_000_000L + len, bss.get("total"), "bpftool sees the same");
      GlobalVariable<Stats> stats = obj.global("stats", Stats.class);
      Stats s = new Stats();
      s.packets = 41;
      s.lastLen = 9;
      stats.set(s);
      count.testRun(Packet.udpFrame(61), 1);
      assertEquals(42, stats.get().packets);
      assertEquals(len, stats.get().lastLen);
    }
  }

  @Test
  void wordsAreAtomicAcrossThreadsAndAccessAfterCloseFails() throws Exception {
    GlobalVariable<Long> total;
    try (BpfObject obj = open("Globals").load()) {
      total = obj.global("total", Long.class);
      long[] values = {0L, -1L, 0x0123_4567_89ab_cdefL, 0xfedc_ba98_7654_3210L};
      Set<Long> allowed = Set.of(values[0], values[1], values[2], values[3]);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long mine = values[t];
        threads.add(
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 200_000; i++) {
                      total.set(mine);
                      long seen = total.get();
                      if (!allowed.contains(seen)) {
                        throw new AssertionError("torn value " + Long.toHexString(seen));
                      }
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, total::get);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> total.set(1L));
  }

  @Test
  void maxEntriesOverridesTheDeclaredSize() {
    try (BpfObject obj = open("LruCounter").maxEntries("seen", 512).load()) {
      Map<?, ?> info = GlobalVariables.mapShow(obj.program("remember"), "seen");
      assertEquals(512L, ((Number) info.get("max_entries")).longValue(), info.toString());
    }
  }
}
