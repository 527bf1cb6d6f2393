package io.bpf4j.runtime.events;

import io.bpf4j.runtime.sys.MappedMemory;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The reader side of one CPU's perf event ring ({@code perf_event_open} + {@code mmap}): a {@code
 * struct perf_event_mmap_page} then a power-of-two data area the kernel writes records into, each a
 * {@code struct perf_event_header} (u32 type, u16 misc, u16 size) and its body. bpf4j's events are
 * {@code PERF_RECORD_SAMPLE} with only {@code PERF_SAMPLE_RAW} (a u32 size, then the bytes {@code
 * bpf_perf_event_output} wrote, padded so that the record stays 8-byte aligned) and {@code
 * PERF_RECORD_LOST} (u64 id, u64 count) when the ring was full.
 *
 * <p>Memory ordering, as libbpf's {@code perf_event_read_simple} and the kernel's comment on {@code
 * perf_output_put_handle}: {@code data_head} is loaded with acquire semantics (a plain load then
 * {@link VarHandle#acquireFence()}), so the record bytes are read after it; {@code data_tail} is
 * stored with release semantics ({@link VarHandle#releaseFence()} then a plain store), so the
 * kernel overwrites a record only after we are done reading it.
 *
 * <p>A record that wraps the end of the data area is copied, in two parts, into a reused buffer.
 * Not thread-safe.
 */
public final class PerfRing {
  static final int DATA_HEAD = 1024;
  static final int DATA_TAIL = 1032;
  static final int DATA_OFFSET = 1040;
  static final int DATA_SIZE = 1048;
  static final int RECORD_LOST = 2;
  static final int RECORD_SAMPLE = 9;
  static final int HEADER_SIZE = 8;

  private final MappedMemory memory;
  private final long dataOffset;
  private final long dataSize;
  private byte[] wrapped = new byte[256];
  private long lost;

  /**
   * @param memory the whole mapping: the metadata page and the data pages
   * @param pageSize the metadata page's size: where the data starts on kernels before 4.1, which do
   *     not say
   */
  public PerfRing(MappedMemory memory, int pageSize) {
    this.memory = memory;
    long offset = memory.getLong(DATA_OFFSET);
    long size = memory.getLong(DATA_SIZE);
    if (offset == 0 || size == 0) {
      offset = pageSize;
      size = memory.size() - pageSize;
    }
    if (Long.bitCount(size) != 1) {
      throw new IllegalArgumentException("a perf ring's data size is a power of two, not " + size);
    }
    this.dataOffset = offset;
    this.dataSize = size;
  }

  /** Samples lost because this ring was full, as the kernel reported them so far. */
  public long lost() {
    return lost;
  }

  /**
   * Hands every sample written so far to {@code sink}, in order, counting lost-sample records;
   * moves {@code data_tail} past each record before {@code sink}'s exception (if any) propagates.
   *
   * @return the samples handed over
   */
  public int consume(RecordSink sink) {
    long tail = memory.getLong(DATA_TAIL);
    int count = 0;
    while (true) {
      long head = memory.getLong(DATA_HEAD);
      VarHandle.acquireFence();
      if (tail >= head) {
        return count;
      }
      while (tail < head) {
        if (sink.stopped()) {
          return count;
        }
        long at = tail & (dataSize - 1);
        long header = dataOffset + at;
        // Records are 8-byte aligned and the data size a multiple of 8: a header never wraps.
        int type = memory.getInt(header);
        int size = memory.getInt(header + 4) >>> 16;
        if (size < HEADER_SIZE) {
          throw new IllegalStateException(
              "corrupt perf ring: a record of " + size + " bytes at position " + tail);
        }
        long next = tail + size;
        try {
          if (type == RECORD_SAMPLE || type == RECORD_LOST) {
            if (at + size <= dataSize) {
              count += handle(type, header, sink);
            } else {
              count += handleWrapped(type, at, size, sink);
            }
          }
        } finally {
          publish(next);
        }
        tail = next;
      }
    }
  }

  private int handle(int type, long header, RecordSink sink) {
    if (type == RECORD_LOST) {
      lost += memory.getLong(header + HEADER_SIZE + 8);
      return 0;
    }
    int rawSize = memory.getInt(header + HEADER_SIZE);
    sink.record(memory, header + HEADER_SIZE + 4, rawSize);
    return 1;
  }

  /** Copies the part up to the end of the data area, then the part from its start. */
  private int handleWrapped(int type, long at, int size, RecordSink sink) {
    if (wrapped.length < size) {
      wrapped = Arrays.copyOf(wrapped, Integer.highestOneBit(size) * 2);
    }
    int first = (int) (dataSize - at);
    memory.get(dataOffset + at, wrapped, 0, first);
    memory.get(dataOffset, wrapped, first, size - first);
    if (type == RECORD_LOST) {
      lost += littleEndian(wrapped, HEADER_SIZE + 8, 8);
      return 0;
    }
    int rawSize = (int) littleEndian(wrapped, HEADER_SIZE, 4);
    sink.record(wrapped, HEADER_SIZE + 4, rawSize);
    return 1;
  }

  private static long littleEndian(byte[] b, int offset, int size) {
    long v = 0;
    for (int i = size - 1; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return v;
  }

  /** {@code smp_store_release(data_tail, position)}. */
  private void publish(long position) {
    VarHandle.releaseFence();
    memory.putLong(DATA_TAIL, position);
  }
}
