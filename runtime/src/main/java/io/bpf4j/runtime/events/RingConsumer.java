package io.bpf4j.runtime.events;

import io.bpf4j.runtime.sys.MappedMemory;
import java.lang.invoke.VarHandle;

/**
 * The consumer side of a {@code BPF_MAP_TYPE_RINGBUF} (kernel 5.8+), over the two mappings libbpf
 * makes: the consumer page (read-write, {@code consumer_pos} at offset 0) and, read-only from
 * offset one page, the producer page ({@code producer_pos} at 0) followed by the data area, which
 * the kernel maps twice in a row so that a record wrapping the end of the ring is contiguous.
 *
 * <p>Each record starts with an 8-byte header: a u32 length whose bit 31 says the producer has not
 * committed it yet (busy) and bit 30 that it was discarded, then the page offset the kernel uses to
 * find the ring from the record. Records are 8-byte aligned.
 *
 * <h2>Memory ordering</h2>
 *
 * The kernel publishes with {@code smp_store_release} (producer_pos at reserve, the header at
 * commit) and reads our {@code consumer_pos} with {@code smp_load_acquire} right after the commit's
 * full barrier ({@code xchg}), to wake the consumer only if it has caught up with that record. The
 * reader pairs with that:
 *
 * <ul>
 *   <li>{@code producer_pos} and each header's length are plain loads followed by {@link
 *       VarHandle#acquireFence()}: no later load (of the record's bytes) is reordered before them,
 *       which is exactly {@code smp_load_acquire}.
 *   <li>{@code consumer_pos} is a plain store preceded by {@link VarHandle#releaseFence()}: every
 *       read of the record is done before the kernel can see its space as free and reuse it ({@code
 *       smp_store_release}).
 *   <li>Before deciding that the ring is empty, a {@link VarHandle#fullFence()} between storing
 *       {@code consumer_pos} and re-reading {@code producer_pos}. Without it the load may be
 *       satisfied before the store is visible (store-load reordering, allowed even on x86): the
 *       reader sees no new record while the kernel, committing one at that moment, still sees an
 *       old consumer position and sends no wake-up; the record then sits unseen until the next one.
 *       This is the bug aya fixed in 2026.
 * </ul>
 *
 * The accesses themselves are aligned 4- and 8-byte loads and stores, single-copy atomic on x86-64
 * and arm64; the fences, which the JIT honours for {@code Unsafe} accesses as for fields, give them
 * the ordering. (Java 17 has no foreign-memory VarHandles to say the same per access.)
 *
 * <p>Not thread-safe: one consumer at a time (the reader serializes with a lock).
 */
public final class RingConsumer {
  static final int BUSY_BIT = 1 << 31;
  static final int DISCARD_BIT = 1 << 30;
  static final int HEADER_SIZE = 8;

  private final MappedMemory consumerPage;
  private final MappedMemory producerAndData;
  private final long dataOffset;
  private final long mask;

  /**
   * @param consumerPage the mapping at offset 0 of the map fd, one page, read-write
   * @param producerAndData the mapping at offset {@code pageSize}: one page then twice the data
   * @param pageSize where the data starts in {@code producerAndData}
   * @param size the data area's size ({@code max_entries}, a power of two)
   */
  public RingConsumer(
      MappedMemory consumerPage, MappedMemory producerAndData, int pageSize, long size) {
    if (Long.bitCount(size) != 1) {
      throw new IllegalArgumentException("a ring buffer's size is a power of two, not " + size);
    }
    this.consumerPage = consumerPage;
    this.producerAndData = producerAndData;
    this.dataOffset = pageSize;
    this.mask = size - 1;
  }

  /** A record's length field without the flag bits, plus the header, rounded up to 8 bytes. */
  static long footprint(int lengthWord) {
    int length = lengthWord & ~(BUSY_BIT | DISCARD_BIT);
    return ((long) length + HEADER_SIZE + 7) & ~7L;
  }

  /**
   * Hands every committed record to {@code sink}, in order, up to {@code limit} records; skips
   * discarded ones; stops at the first record still being written. Advances {@code consumer_pos}
   * past each record before {@code sink}'s exception (if any) propagates.
   *
   * @return the records handed over
   */
  public int consume(RecordSink sink, int limit) {
    long consumerPos = consumerPage.getLong(0);
    VarHandle.acquireFence();
    int count = 0;
    while (count < limit) {
      long producerPos = producerAndData.getLong(0);
      VarHandle.acquireFence();
      if (consumerPos >= producerPos) {
        // Caught up: make our consumer_pos visible before looking at producer_pos again, so that a
        // producer committing now either sees us caught up (and wakes us) or is seen here.
        VarHandle.fullFence();
        producerPos = producerAndData.getLong(0);
        VarHandle.acquireFence();
        if (consumerPos >= producerPos) {
          return count;
        }
      }
      while (consumerPos < producerPos && count < limit) {
        long at = dataOffset + (consumerPos & mask);
        int lengthWord = producerAndData.getInt(at);
        VarHandle.acquireFence();
        if ((lengthWord & BUSY_BIT) != 0) {
          // Reserved, not committed yet: its commit wakes the epoll waiter (our consumer_pos is
          // this record's position), and a level-triggered epoll reports the ring ready meanwhile.
          return count;
        }
        if (sink.stopped()) {
          return count;
        }
        long next = consumerPos + footprint(lengthWord);
        if ((lengthWord & DISCARD_BIT) != 0) {
          publish(next);
        } else {
          try {
            sink.record(producerAndData, at + HEADER_SIZE, lengthWord & ~(BUSY_BIT | DISCARD_BIT));
          } finally {
            publish(next);
          }
          count++;
        }
        consumerPos = next;
      }
    }
    return count;
  }

  /** Bytes committed or reserved and not yet consumed. */
  public long available() {
    long consumerPos = consumerPage.getLong(0);
    long producerPos = producerAndData.getLong(0);
    VarHandle.acquireFence();
    return producerPos - consumerPos;
  }

  /** {@code smp_store_release(consumer_pos, position)}. */
  private void publish(long position) {
    VarHandle.releaseFence();
    consumerPage.putLong(0, position);
  }
}
