package io.bpf4j.runtime.sys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * A {@code union bpf_attr} (or any other kernel struct) laid out by byte offset in zeroed native
 * memory, as the kernel's UAPI headers define it. It keeps every buffer whose address it holds:
 * native memory is freed when its Java object is collected, and the kernel reads and writes those
 * buffers during the system call, after the caller's last Java use of them.
 */
final class Attr {
  private final Pointer memory;
  private final int size;
  private final List<NativeBuffer> referenced = new ArrayList<>(2);
  private Fd[] fds = new Fd[0];
  private int[] fdOffsets = new int[0];

  Attr(int size) {
    this.size = size;
    this.memory = Native.allocate(size);
  }

  public int size() {
    return size;
  }

  /**
   * Makes the attributes zero again with no fd fields and no buffers, for reuse by the thread that
   * owns them ({@link ElementScratch}): the element commands would otherwise allocate new native
   * memory, the costliest part of a map get or put, on every call.
   */
  Attr reset() {
    for (int i = 0; i + 8 <= size; i += 8) {
      memory.putLong(i, 0);
    }
    for (int i = size & ~7; i < size; i++) {
      memory.putByte(i, (byte) 0);
    }
    referenced.clear();
    if (fds.length > 0) {
      fds = new Fd[0];
      fdOffsets = new int[0];
    }
    return this;
  }

  Pointer pointer() {
    return memory;
  }

  public Attr u32(int offset, long value) {
    memory.putInt(offset, (int) value);
    return this;
  }

  public Attr u64(int offset, long value) {
    memory.putLong(offset, value);
    return this;
  }

  /**
   * A u32 file descriptor field: the number is written by {@link #acquireFds()} right before the
   * system call, so a concurrent close can never hand the kernel a reused number.
   */
  public Attr fd(int offset, Fd fd) {
    int n = fds.length;
    fds = java.util.Arrays.copyOf(fds, n + 1);
    fdOffsets = java.util.Arrays.copyOf(fdOffsets, n + 1);
    fds[n] = fd;
    fdOffsets[n] = offset;
    return this;
  }

  /**
   * Acquires every fd field and writes its number; on failure releases what it took. Pair with
   * {@link #releaseFds()} in a {@code finally}.
   */
  void acquireFds() {
    for (int i = 0; i < fds.length; i++) {
      try {
        memory.putInt(fdOffsets[i], fds[i].acquire());
      } catch (RuntimeException e) {
        for (int j = 0; j < i; j++) {
          fds[j].release();
        }
        throw e;
      }
    }
  }

  void releaseFds() {
    for (Fd f : fds) {
      f.release();
    }
  }

  /** Stores the address of {@code buffer} as a u64. */
  public Attr pointer(int offset, NativeBuffer buffer) {
    memory.putLong(offset, buffer == null ? 0 : buffer.address());
    if (buffer != null) {
      referenced.add(buffer);
    }
    return this;
  }

  /** A NUL-padded name of at most {@code max - 1} bytes (object names: 16 bytes). */
  public Attr name(int offset, String name, int max) {
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    int n = Math.min(b.length, max - 1);
    memory.put(offset, b, 0, n);
    return this;
  }

  public int getU32(int offset) {
    return memory.getInt(offset);
  }

  public long getU64(int offset) {
    return memory.getLong(offset);
  }
}
