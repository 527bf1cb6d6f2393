package io.bpf4j.runtime;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;

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
  private final boolean ownsFd;
  private boolean closed;

  QueueHandle(Kernel kernel, String name, Fd fd, MapType type, Codec<T> values) {
    this(kernel, name, fd, type, values, false);
  }

  private QueueHandle(
      Kernel kernel, String name, Fd fd, MapType type, Codec<T> values, boolean ownsFd) {
    this.kernel = kernel;
    this.name = name;
    this.fd = fd;
    this.stack = type == MapType.STACK;
    this.values = values;
    this.ownsFd = ownsFd;
  }

  /**
   * Opens the {@code QUEUE} or {@code STACK} map pinned at {@code path}, checking that {@code
   * valueType} describes its values as {@link MapHandle#openPinned} does: by BTF type when the map
   * has one, else by size. Another map kind, or a mismatch, is a {@link BpfException}. The handle
   * owns the map's file descriptor: closing it closes the map.
   */
  public static <T> QueueHandle<T> openPinned(Path path, Class<T> valueType) {
    return openPinned(SystemKernel.get(), path, valueType);
  }

  static <T> QueueHandle<T> openPinned(Kernel kernel, Path path, Class<T> valueType) {
    Fd fd = new Pins(kernel).open(path, "queue", Pins.MAP);
    try {
      Kernel.MapInfo info = kernel.mapInfo(fd);
      MapType type = MapType.of(info.type());
      if (type != MapType.QUEUE && type != MapType.STACK) {
        throw new BpfException(
            0,
            path
                + " is a "
                + type
                + " map (type "
                + info.type()
                + "), not a queue or stack (MapType.QUEUE, MapType.STACK)");
      }
      Btf btf = info.btfId() == 0 ? null : MapHandle.kernelBtf(kernel, info.btfId());
      Codec<T> values = Codecs.of(valueType, info.valueSize(), btf, info.btfValueTypeId(), "value");
      String name = path.getFileName().toString();
      fd.describe((type == MapType.STACK ? "stack " : "queue ") + name);
      return new QueueHandle<>(kernel, name, fd, type, values, true);
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
    } catch (RuntimeException e) {
      fd.close();
      throw e;
    }
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

  /**
   * Closes the handle; a handle from {@link BpfObject#queue} leaves the map open with its object,
   * one from {@link #openPinned} closes its file descriptor.
   */
  @Override
  public void close() {
    if (!closed && ownsFd) {
      fd.close();
    }
    closed = true;
  }
}
