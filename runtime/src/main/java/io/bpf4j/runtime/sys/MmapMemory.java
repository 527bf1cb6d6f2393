package io.bpf4j.runtime.sys;

import jnr.ffi.Pointer;

/**
 * A {@code mmap(2)} region read through a jnr-ffi {@link Pointer} (plain, unfenced accesses:
 * jnr-ffi's direct memory goes through {@code sun.misc.Unsafe}, which the JIT treats as memory
 * accesses that Java's fences order).
 */
final class MmapMemory implements MappedMemory {
  private final long size;
  private final Pointer memory;
  private boolean unmapped;

  MmapMemory(Pointer mapping, long size) {
    this.size = size;
    this.memory = mapping;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long getLong(long offset) {
    return memory.getLong(offset);
  }

  @Override
  public int getInt(long offset) {
    return memory.getInt(offset);
  }

  @Override
  public void putLong(long offset, long value) {
    memory.putLong(offset, value);
  }

  @Override
  public void get(long offset, byte[] dst, int dstOffset, int length) {
    memory.get(offset, dst, dstOffset, length);
  }

  @Override
  public synchronized void close() {
    if (!unmapped) {
      unmapped = true;
      Native.libc().munmap(memory, size);
    }
  }
}
