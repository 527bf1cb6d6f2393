package io.bpf4j.runtime.sys;

/**
 * A read of a whole map with {@code BPF_MAP_LOOKUP_BATCH} (kernel 5.6+), batch after batch, into
 * buffers allocated once: the way to read a large map without a system call per entry.
 */
public interface MapBatch {
  /**
   * Reads the next batch; false when the map was exhausted before. Grows the batch when the kernel
   * needs more room for one hash bucket.
   */
  boolean next() throws SyscallException;

  /** Entries in the last batch. */
  int count();

  /** Copies the last batch's keys into {@code out} (at least count × key size bytes). */
  void keys(byte[] out);

  /** Copies the last batch's values into {@code out}. */
  void values(byte[] out);

  /** The most entries one batch may hold now. */
  int capacity();
}
