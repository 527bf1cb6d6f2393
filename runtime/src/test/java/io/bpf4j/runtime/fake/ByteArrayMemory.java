package io.bpf4j.runtime.fake;

import io.bpf4j.runtime.sys.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Memory "shared with the kernel" that is a byte array: little-endian words, as on x86-64. A view
 * may map a range twice in a row (the kernel's ring buffer data area): offsets from {@code
 * aliasStart + aliasLength} on read the bytes {@code aliasLength} before them.
 */
public final class ByteArrayMemory implements MappedMemory {
  private final ByteBuffer bytes;
  private final long size;
  private final long aliasStart;
  private final long aliasLength;
  private boolean closed;

  /** A plain mapping of all of {@code bytes}. */
  public ByteArrayMemory(byte[] bytes) {
    this(bytes, bytes.length, bytes.length, 0);
  }

  /**
   * A mapping of {@code size} bytes whose last {@code size - bytes.length} bytes repeat the {@code
   * aliasLength} bytes that precede them.
   */
  public ByteArrayMemory(byte[] bytes, long size, long aliasStart, long aliasLength) {
    this.bytes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.size = size;
    this.aliasStart = aliasStart;
    this.aliasLength = aliasLength;
  }

  private int index(long offset) {
    if (closed) {
      throw new AssertionError("read of unmapped memory (the JVM would crash here)");
    }
    if (offset < 0 || offset >= size) {
      throw new AssertionError("offset " + offset + " outside a mapping of " + size + " bytes");
    }
    long o = offset >= aliasStart + aliasLength ? offset - aliasLength : offset;
    return (int) o;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long getLong(long offset) {
    return bytes.getLong(index(offset));
  }

  @Override
  public int getInt(long offset) {
    return bytes.getInt(index(offset));
  }

  @Override
  public void putLong(long offset, long value) {
    bytes.putLong(index(offset), value);
  }

  @Override
  public void get(long offset, byte[] dst, int dstOffset, int length) {
    for (int i = 0; i < length; i++) {
      dst[dstOffset + i] = bytes.get(index(offset + i));
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
