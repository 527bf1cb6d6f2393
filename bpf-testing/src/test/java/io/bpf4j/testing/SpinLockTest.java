package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.lang.Bpf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bpf_spin_lock in the JVM: mutual exclusion, one lock at a time, no unlock without a lock. */
class SpinLockTest {
  @Test
  void incrementsUnderTheLockFromSeveralThreadsAreExact() throws InterruptedException {
    BpfSimulator sim = BpfSimulator.of(SpinLockPrograms.class);
    SpinLockPrograms.Counter zero = new SpinLockPrograms.Counter();
    assertEquals(0, SpinLockPrograms.counters.update(0, zero, 0));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 2_000; i++) {
                  sim.run("increment", Frames.ipv4(64, 17));
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    SimMap<Integer, SpinLockPrograms.Counter> map = sim.map("counters");
    assertEquals(8_000, map.get(0).n);
  }

  @Test
  void aSecondLockAndAnUnmatchedUnlockThrow() {
    SpinLockPrograms.Counter c = new SpinLockPrograms.Counter();
    assertThrows(IllegalStateException.class, () -> Bpf.spinUnlock(c.lock));
    assertThrows(IllegalStateException.class, () -> SpinLockPrograms.lockTwice(c));
    Bpf.spinUnlock(c.lock); // the first lock of lockTwice is still held
  }
}
