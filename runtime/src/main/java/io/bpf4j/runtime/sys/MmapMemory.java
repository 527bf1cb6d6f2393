package io.bpf4j.runtime.sys;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * A {@code mmap(2)} region, read through a direct {@link ByteBuffer} over it: the JIT compiles its
 * accesses to plain loads and stores ({@code Unsafe} intrinsics, which Java's fences order), where
 * jnr-ffi's {@link Pointer} would make a JNI call per access (jffi 1.3 reads native memory through
 * JNI) — 3 to 4 times slower per ring buffer record. Regions over 2 GiB, beyond a buffer's int
 * index, go through the pointer.
 */
final class MmapMemory implements MappedMemory {
  private final long size;
  private final Pointer memory;
  private final ByteBuffer buffer;
  private boolean unmapped;

  MmapMemory(Pointer mapping, long size) {
    this.size = size;
    this.memory = mapping;
    this.buffer =
        size <= Integer.MAX_VALUE
            ? MemoryIO.getInstance()
                .newDirectByteBuffer(mapping.address(), (int) size)
                .order(ByteOrder.LITTLE_ENDIAN)
            : null;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long getLong(long offset) {
    return buffer != null ? buffer.getLong((int) offset) : memory.getLong(offset);
  }

  @Override
  public int getInt(long offset) {
    return buffer != null ? buffer.getInt((int) offset) : memory.getInt(offset);
  }

  @Override
  public void putLong(long offset, long value) {
    if (buffer != null) {
      buffer.putLong((int) offset, value);
    } else {
      memory.putLong(offset, value);
    }
  }

  @Override
  public void get(long offset, byte[] dst, int dstOffset, int length) {
    if (buffer != null) {
      buffer.get((int) offset, dst, dstOffset, length);
    } else {
      memory.get(offset, dst, dstOffset, length);
    }
  }

  @Override
  public synchronized void close() {
    if (!unmapped) {
      unmapped = true;
      Native.libc().munmap(memory, size);
    }
  }
}
