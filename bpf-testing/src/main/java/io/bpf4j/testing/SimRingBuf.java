package io.bpf4j.testing;

import io.bpf4j.lang.RingBuf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A simulated {@code BPF_MAP_TYPE_RINGBUF} of {@code capacity} data bytes ({@code max_entries}).
 * Each record takes an 8-byte header plus its size, rounded up to 8; as in {@code
 * kernel/bpf/ringbuf.c}, {@code output} and {@code reserve} fail when the unconsumed records would
 * then take more than {@code capacity - 1} bytes. Records keep the order of their reservation (an
 * {@code output} is a reservation and a submit at once); a reader sees the submitted ones up to the
 * first record still reserved, never a discarded one, and a discarded record's space is freed when
 * the reader passes it. Nothing consumes records until the test calls {@link #consume()}, as
 * nothing does in a kernel test run.
 *
 * @param <T> the record type
 */
public final class SimRingBuf<T> implements RingBuf<T> {
  private static final int HEADER = 8;

  private enum State {
    RESERVED,
    SUBMITTED,
    DISCARDED
  }

  /** One record of the ring: the object a program writes (reserved) or a copy (submitted). */
  private static final class Slot {
    Object record;
    State state;

    Slot(Object record, State state) {
      this.record = record;
      this.state = state;
    }
  }

  private final String name;
  private final int capacity;
  private final ValueLayout layout;
  private final List<Slot> slots = new ArrayList<>();
  private long used;

  SimRingBuf(String name, int capacity, ValueLayout layout) {
    this.name = name;
    this.capacity = capacity;
    this.layout = layout;
  }

  @Override
  public boolean output(T value) {
    requireRecord(value);
    if (!take()) {
      return false;
    }
    slots.add(new Slot(layout.copy(value), State.SUBMITTED));
    return true;
  }

  /**
   * A record inside the ring, or null when there is no room. The kernel does not clear the memory;
   * the simulator hands out a zeroed record so that runs are deterministic.
   */
  @Override
  @SuppressWarnings("unchecked")
  public T reserve() {
    if (!layout.isStruct()) {
      throw new SimulationException(
          "ring buffer "
              + name
              + " holds "
              + layout.type().getSimpleName()
              + " records: reserve() needs a @Struct record type");
    }
    if (!take()) {
      return null;
    }
    Object record = layout.zero();
    slots.add(new Slot(record, State.RESERVED));
    return (T) record;
  }

  @Override
  public void submit(T record) {
    release(record, State.SUBMITTED);
  }

  @Override
  public void discard(T record) {
    release(record, State.DISCARDED);
  }

  private void release(T record, State state) {
    if (record == null) {
      throw new NullArgumentException(name, "record");
    }
    for (Slot s : slots) {
      if (s.record == record && s.state == State.RESERVED) {
        s.state = state;
        // What the reader sees is the record as it was at submit.
        s.record = layout.copy(record);
        return;
      }
    }
    throw new SimulationException(
        (state == State.SUBMITTED ? "submit" : "discard")
            + " of a record that "
            + name
            + ".reserve() did not return, or that was already submitted or discarded (the"
            + " processor refuses such code)");
  }

  /**
   * Discards what a run left reserved (a run that failed half-way: the kernel never gets there).
   */
  void abandonReservations() {
    slots.forEach(
        s -> {
          if (s.state == State.RESERVED) {
            s.state = State.DISCARDED;
          }
        });
  }

  private boolean take() {
    long length = (layout.size() + HEADER + 7) & ~7L;
    if (used + length > capacity - 1) {
      return false;
    }
    used += length;
    return true;
  }

  private void requireRecord(Object value) {
    if (!layout.type().isInstance(value)) {
      throw new IllegalArgumentException(
          "ring buffer " + name + " holds " + layout.type().getSimpleName() + " records");
    }
  }

  public String name() {
    return name;
  }

  /** The ring's data size in bytes. */
  public int capacity() {
    return capacity;
  }

  /** Bytes the unconsumed records take, headers included (discarded ones too, until consumed). */
  public long usedBytes() {
    return used;
  }

  /**
   * The submitted records a reader would see now, oldest first: those before the first record still
   * reserved, discarded ones left out.
   */
  @SuppressWarnings("unchecked")
  public List<T> records() {
    List<T> out = new ArrayList<>();
    for (Slot s : slots) {
      if (s.state == State.RESERVED) {
        break;
      }
      if (s.state == State.SUBMITTED) {
        out.add((T) layout.copy(s.record));
      }
    }
    return out;
  }

  /**
   * Takes every readable record out of the ring, freeing its space, as a user-space reader does.
   */
  public List<T> consume() {
    List<T> out = records();
    long length = (layout.size() + HEADER + 7) & ~7L;
    for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
      if (it.next().state == State.RESERVED) {
        break;
      }
      it.remove();
      used -= length;
    }
    return out;
  }
}
