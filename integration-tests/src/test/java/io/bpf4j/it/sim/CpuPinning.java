package io.bpf4j.it.sim;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * Pins the calling thread to the CPU it runs on, so that {@code BPF_PROG_TEST_RUN} (which runs the
 * program on the caller's CPU) and the simulator agree on {@code bpf_get_smp_processor_id} and on
 * which per-CPU value a program touches. Closing restores the thread's former affinity.
 */
final class CpuPinning implements AutoCloseable {
  /** The libc calls this needs; pid 0 is the calling thread. */
  public interface Affinity {
    int sched_getaffinity(int pid, long size, @Out long[] mask);

    int sched_setaffinity(int pid, long size, @In long[] mask);

    int sched_getcpu();

    int gettid();
  }

  private static final Affinity LIBC = LibraryLoader.create(Affinity.class).load("c");

  /** Room for 1024 CPUs. */
  private static final int WORDS = 16;

  private final long[] previous = new long[WORDS];
  private final int cpu;

  private CpuPinning() {
    if (LIBC.sched_getaffinity(0, WORDS * 8L, previous) != 0) {
      throw new IllegalStateException("sched_getaffinity failed");
    }
    int here = LIBC.sched_getcpu();
    long[] only = new long[WORDS];
    only[here / 64] = 1L << (here % 64);
    if (LIBC.sched_setaffinity(0, WORDS * 8L, only) != 0) {
      throw new IllegalStateException("sched_setaffinity to CPU " + here + " failed");
    }
    if (LIBC.sched_getcpu() != here) {
      throw new IllegalStateException("the thread left CPU " + here + " after pinning");
    }
    this.cpu = here;
  }

  static CpuPinning pinHere() {
    return new CpuPinning();
  }

  /** The calling thread's id, which trace lines show as the pid of the task that printed. */
  static int threadId() {
    return LIBC.gettid();
  }

  /** The CPU the thread is pinned to. */
  int cpu() {
    return cpu;
  }

  @Override
  public void close() {
    LIBC.sched_setaffinity(0, WORDS * 8L, previous);
  }
}
