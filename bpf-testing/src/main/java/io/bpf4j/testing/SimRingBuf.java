package io.bpf4j.testing;

import io.bpf4j.lang.RingBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated {@code BPF_MAP_TYPE_RINGBUF} of {@code capacity} data bytes ({@code max_entries}).
 * Each record takes an 8-byte header plus its size, rounded up to 8; as in {@code
 * kernel/bpf/ringbuf.c}, {@code output} fails when the unconsumed records would then take more than
 * {@code capacity - 1} bytes. Records are copies of what the program passed. Nothing consumes them
 * until the test calls {@link #consume()}, as nothing does in a kernel test run.
 *
 * @param <T> the record type
 */
public final class SimRingBuf<T> implements RingBuf<T> {
  private static final int HEADER = 8;

  private final String name;
  private final int capacity;
  private final ValueLayout layout;
  private final List<T> records = new ArrayList<>();
  private long used;

  SimRingBuf(String name, int capacity, ValueLayout layout) {
    this.name = name;
    this.capacity = capacity;
    this.layout = layout;
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean output(T value) {
    if (!layout.type().isInstance(value)) {
      throw new IllegalArgumentException(
          "ring buffer " + name + " holds " + layout.type().getSimpleName() + " records");
    }
    long length = (layout.size() + HEADER + 7) & ~7L;
    if (used + length > capacity - 1) {
      return false;
    }
    used += length;
    records.add((T) layout.copy(value));
    return true;
  }

  public String name() {
    return name;
  }

  /** The ring's data size in bytes. */
  public int capacity() {
    return capacity;
  }

  /** Bytes the unconsumed records take, headers included. */
  public long usedBytes() {
    return used;
  }

  /** The records not consumed yet, oldest first. */
  @SuppressWarnings("unchecked")
  public List<T> records() {
    List<T> out = new ArrayList<>();
    records.forEach(r -> out.add((T) layout.copy(r)));
    return out;
  }

  /** Takes every record out of the ring, freeing its space, as a user-space reader does. */
  public List<T> consume() {
    List<T> out = records();
    records.clear();
    used = 0;
    return out;
  }
}
