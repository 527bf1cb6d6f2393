package io.bpf4j.object.bytes;

import java.util.Arrays;

/**
 * The one little-endian writer of the object format: a growable byte sink for ELF files, BTF and
 * {@code .BTF.ext} sections, whose bytes are always little-endian for the BPF target. The static
 * {@code put...} methods patch fields of an existing array, such as an instruction's immediate.
 */
public final class LeWriter {

  private byte[] bytes;
  private int size;

  public LeWriter() {
    this(256);
  }

  /** A writer with room for {@code capacity} bytes before it grows. */
  public LeWriter(int capacity) {
    bytes = new byte[Math.max(capacity, 16)];
  }

  /** The number of bytes written, which is also the position of the next one. */
  public int size() {
    return size;
  }

  public void u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  public void u16(int value) {
    u8(value);
    u8(value >>> 8);
  }

  public void u32(int value) {
    u16(value);
    u16(value >>> 16);
  }

  public void u64(long value) {
    u32((int) value);
    u32((int) (value >>> 32));
  }

  public void bytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /** Writes zeros up to {@code position}, for padding and alignment; nothing if already there. */
  public void zerosTo(long position) {
    if (position > size) {
      int count = Math.toIntExact(position - size);
      ensure(count); // a new or grown array is zeroed where nothing was written yet
      size += count;
    }
  }

  /** Overwrites an already written 32-bit word, for lengths known only after the body. */
  public void u32At(int position, int value) {
    putI32(bytes, position, value);
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** Stores the 16 bits of {@code value} at {@code at} of {@code out}. */
  public static void putI16(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >> 8);
  }

  /** Stores the 32 bits of {@code value} at {@code at} of {@code out}. */
  public static void putI32(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >> 8);
    out[at + 2] = (byte) (value >> 16);
    out[at + 3] = (byte) (value >> 24);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
