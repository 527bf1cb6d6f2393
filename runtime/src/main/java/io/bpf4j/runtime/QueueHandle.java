package io.bpf4j.runtime;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * A {@code QUEUE} (FIFO) or {@code STACK} (LIFO) map seen from user space, with values decoded to
 * Java objects: the element commands of {@code bpf(2)} with a NULL key, as libbpf's {@code
 * bpf_map_update_elem(fd, NULL, ...)} and {@code bpf_map_lookup_and_delete_elem(fd, NULL, ...)}.
 * Obtain one from {@link BpfObject#queue}; the object owns the map, so closing the handle leaves it
 * open.
 *
 * @param <T> Integer, Long or a {@code @Struct} class
 */
public final class QueueHandle<T> implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final Fd fd;
  private final boolean stack;
  private final Codec<T> values;
  private boolean closed;

  QueueHandle(Kernel kernel, String name, Fd fd, MapType type, Codec<T> values) {
    this.kernel = kernel;
    this.name = name;
    this.fd = fd;
    this.stack = type == MapType.STACK;
    this.values = values;
  }

  /** The map's name in the object. */
  public String name() {
    return name;
  }

  /** Whether the map is a {@code STACK}: {@link #pop} returns the newest value. */
  public boolean isStack() {
    return stack;
  }

  /**
   * Pushes {@code value}; a full map refuses it with a {@link BpfException} of errno {@code E2BIG}.
   */
  public void push(T value) {
    push(value, 0);
  }

  /**
   * Pushes {@code value}; {@code flags} 0, or {@code BpfMap.EXIST} (2) to drop the oldest value
   * when the map is full.
   */
  public void push(T value, long flags) {
    checkOpen();
    try {
      kernel.mapPush(fd, values.encode(value), flags);
    } catch (SyscallException e) {
      if (e.errno() == Errno.E2BIG) {
        throw Errors.of(e, "push to " + kind() + " " + name + ", which is full");
      }
      throw Errors.of(e, "push to " + kind() + " " + name, "flags must be 0 or BpfMap.EXIST");
    }
  }

  /**
   * Removes and returns the next value (the oldest of a queue, the newest of a stack), or null when
   * the map is empty.
   */
  public T pop() {
    checkOpen();
    try {
      byte[] v = kernel.mapPop(fd, values.size());
      return v == null ? null : values.decode(v, 0);
    } catch (SyscallException e) {
      throw Errors.of(e, "pop from " + kind() + " " + name);
    }
  }

  /** The value {@link #pop} would return, left in the map, or null when the map is empty. */
  public T peek() {
    checkOpen();
    try {
      byte[] v = kernel.mapPeek(fd, values.size());
      return v == null ? null : values.decode(v, 0);
    } catch (SyscallException e) {
      throw Errors.of(e, "peek at " + kind() + " " + name);
    }
  }

  private String kind() {
    return stack ? "stack" : "queue";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the handle of " + kind() + " " + name + " is closed");
    }
  }

  /** Closes the handle; the map stays open with its object. */
  @Override
  public void close() {
    closed = true;
  }
}
