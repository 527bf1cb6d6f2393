package io.bpf4j.object.bytes;

import io.bpf4j.object.ObjectFormatException;

/**
 * The one little-endian reader of the object format (ELF, BTF, {@code .BTF.ext}, instructions are
 * all little-endian for the BPF target).
 *
 * <p>As a cursor over a window of a byte array, every read past the window throws {@link
 * ObjectFormatException}, so parsers of untrusted input can never index out of the buffer. The
 * static {@code ...At} methods read at an absolute offset that the caller has already checked, for
 * fixed layouts such as ELF headers and 8-byte instruction slots.
 */
public final class LeReader {

  private final byte[] bytes;
  private final int end;
  private final String what;
  private int position;

  /**
   * A cursor over {@code bytes[start, end)}; the caller has checked the window lies inside.
   *
   * @param what what the window holds, for error messages
   */
  public LeReader(byte[] bytes, int start, int end, String what) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
    this.what = what;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return end - position;
  }

  public boolean hasMore() {
    return position < end;
  }

  /** Fails unless {@code count} items of {@code size} bytes each are left. */
  public void require(long count, long size, String item) {
    if (count < 0 || count * size > remaining()) {
      throw new ObjectFormatException(
          what
              + ": "
              + count
              + " "
              + item
              + " of "
              + size
              + " bytes exceed the "
              + remaining()
              + " bytes left at offset "
              + position);
    }
  }

  public int u8() {
    require(1, 1, "byte");
    return bytes[position++] & 0xff;
  }

  public int u16() {
    require(1, 2, "u16");
    int value = u16At(bytes, position);
    position += 2;
    return value;
  }

  /** A 32-bit word; unsigned fields come back as the int with the same bits. */
  public int u32() {
    require(1, 4, "u32");
    int value = i32At(bytes, position);
    position += 4;
    return value;
  }

  public void skip(long count) {
    require(count, 1, "bytes");
    position += (int) count;
  }

  /** An {@link ObjectFormatException} that names what this cursor reads. */
  public ObjectFormatException error(String message) {
    return new ObjectFormatException(what + ": " + message);
  }

  /**
   * Checks that {@code [offset, offset + length)} (both unsigned 32-bit) lies inside {@code [0,
   * limit)} and returns the end.
   */
  public static int checkRange(int offset, int length, int limit, String what) {
    long start = Integer.toUnsignedLong(offset);
    long stop = start + Integer.toUnsignedLong(length);
    if (stop > limit) {
      throw new ObjectFormatException(
          what + " [" + start + ", " + stop + ") exceeds the " + limit + " bytes available");
    }
    return (int) stop;
  }

  /** The unsigned byte at {@code at}. */
  public static int u8At(byte[] b, int at) {
    return b[at] & 0xff;
  }

  /** The unsigned 16-bit word at {@code at}. */
  public static int u16At(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  /** The signed 16-bit word at {@code at}, such as an instruction's offset. */
  public static int s16At(byte[] b, int at) {
    return (short) u16At(b, at);
  }

  /** The 32-bit word at {@code at}, as the int with the same bits. */
  public static int i32At(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }

  /** The 32-bit word at {@code at}, unsigned. */
  public static long u32At(byte[] b, int at) {
    return Integer.toUnsignedLong(i32At(b, at));
  }

  /** The 64-bit word at {@code at}, as the long with the same bits. */
  public static long i64At(byte[] b, int at) {
    return u32At(b, at) | (long) i32At(b, at + 4) << 32;
  }
}
