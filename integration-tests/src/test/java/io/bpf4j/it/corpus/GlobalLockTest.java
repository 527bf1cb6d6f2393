package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.GlobalVariable;
import org.junit.jupiter.api.Test;

/**
 * corpus/sim/GlobalLock.java: a {@code @Global} struct holding a {@code bpf_spin_lock}. The kernel
 * refuses to memory-map a section whose value holds a lock, so Java reads and writes such a global
 * through map lookups and updates, which leave the lock alone.
 */
class GlobalLockTest {
  /** The global's shape as user space reads it; the lock reads as zero. */
  public static final class Guarded {
    public BpfSpinLock lock;
    public long packets;
    public long bytes;
  }

  @Test
  void aGlobalHoldingALockIsReadAndWrittenWithoutMemoryMapping() {
    KernelAssumptions.requireBpffs();
    try (BpfObject obj = Corpus.load("sim/GlobalLock")) {
      byte[] frame = Packet.udpFrame(80);
      for (int i = 0; i < 5; i++) {
        assertEquals(2, obj.program("count").testRun(frame, 1).retval());
      }
      GlobalVariable<Guarded> totals = obj.global("totals", Guarded.class);
      Guarded read = totals.get();
      assertEquals(5, read.packets);
      assertEquals(5L * frame.length, read.bytes);

      Guarded reset = new Guarded();
      reset.packets = 100;
      totals.set(reset);
      obj.program("count").testRun(frame, 1);
      assertEquals(101, totals.get().packets);
      assertEquals(frame.length, totals.get().bytes);
    }
  }
}
