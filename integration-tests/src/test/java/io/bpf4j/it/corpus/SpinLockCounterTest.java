package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * corpus/SpinLockCounter.java: increments under a bpf_spin_lock from BPF_PROG_TEST_RUN repeats on
 * several threads at once; the count is exact and the lock field reads as zero from user space.
 */
class SpinLockCounterTest {
  /** The value as user space reads it: the lock is a 4-byte word, zero when read by the kernel. */
  static final class Counter {
    int lock;
    int pad;
    long n;
    long bytes;
  }

  /** The value read through a class with the BpfSpinLock field itself, as BPF code declares it. */
  static final class LockedCounter {
    io.bpf4j.lang.BpfSpinLock lock;
    int pad;
    long n;
    long bytes;
  }

  @Test
  void aClassWithTheLockFieldReadsAndWritesTheOtherFields() {
    try (BpfObject obj = Corpus.load("SpinLockCounter");
        MapHandle<Integer, LockedCounter> counters =
            obj.map("counters", Integer.class, LockedCounter.class)) {
      LockedCounter start = new LockedCounter();
      start.n = 40;
      counters.put(0, start);
      assertEquals(2, obj.program("increment").testRun(Packet.udpFrame(64), 2).retval());
      LockedCounter c = counters.get(0);
      assertEquals(42, c.n);
      assertEquals(6, c.bytes);
    }
  }

  @Test
  void concurrentIncrementsUnderTheLockAreExact() {
    int threads = 4;
    int repeat = 20_000;
    try (BpfObject obj = Corpus.load("SpinLockCounter");
        MapHandle<Integer, Counter> counters = obj.map("counters", Integer.class, Counter.class)) {
      byte[] frame = Packet.udpFrame(64);
      int len = 3;
      List<CompletableFuture<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> obj.program("increment").testRun(frame, repeat).retval()));
      }
      runs.forEach(r -> assertEquals(2, r.join(), "XDP_PASS"));
      Counter c = counters.get(0);
      assertEquals((long) threads * repeat, c.n, "increments");
      assertEquals((long) threads * repeat * len, c.bytes, "bytes");
      assertEquals(0, c.lock, "the kernel zeroes the lock in what user space reads");
    }
  }
}
