package io.bpf4j.runtime.sys;

/**
 * Memory shared with the kernel through {@code mmap(2)}: a ring buffer's consumer and producer
 * pages, a perf event's ring. Accesses are plain loads and stores of aligned little-endian words
 * (an aligned 4- or 8-byte access is single-copy atomic on x86-64 and arm64); the reader that uses
 * them places the memory fences the kernel's protocol requires (see {@code RingConsumer}).
 *
 * <p>Not thread-safe against {@link #close()}: the owner must make sure no thread reads after the
 * unmapping (a read of unmapped memory crashes the JVM, it does not throw).
 */
public interface MappedMemory extends AutoCloseable {
  /** The length of the mapping in bytes. */
  long size();

  long getLong(long offset);

  int getInt(long offset);

  void putLong(long offset, long value);

  /** Copies {@code length} bytes at {@code offset} into {@code dst} from {@code dstOffset}. */
  void get(long offset, byte[] dst, int dstOffset, int length);

  /** {@code munmap(2)}. Idempotent. */
  @Override
  void close();
}
