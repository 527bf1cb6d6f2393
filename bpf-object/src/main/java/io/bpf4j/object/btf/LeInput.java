package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;

/**
 * A bounds-checked little-endian cursor over a window of a byte array. Every read past the window
 * throws {@link ObjectFormatException}, so parsers can never index out of the buffer.
 */
final class LeInput {

  private final byte[] bytes;
  private final int end;
  private final String what;
  private int position;

  /** A cursor over {@code bytes[start, end)}; the caller has checked the window lies inside. */
  LeInput(byte[] bytes, int start, int end, String what) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
    this.what = what;
  }

  int position() {
    return position;
  }

  int remaining() {
    return end - position;
  }

  boolean hasMore() {
    return position < end;
  }

  /** Fails unless {@code count} items of {@code size} bytes each are left. */
  void require(long count, long size, String item) {
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

  int u8() {
    require(1, 1, "byte");
    return bytes[position++] & 0xff;
  }

  int u16() {
    require(1, 2, "u16");
    int value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8;
    position += 2;
    return value;
  }

  /** A 32-bit word; unsigned fields come back as the int with the same bits. */
  int u32() {
    require(1, 4, "u32");
    int value =
        (bytes[position] & 0xff)
            | (bytes[position + 1] & 0xff) << 8
            | (bytes[position + 2] & 0xff) << 16
            | (bytes[position + 3] & 0xff) << 24;
    position += 4;
    return value;
  }

  void skip(long count) {
    require(count, 1, "bytes");
    position += (int) count;
  }

  ObjectFormatException error(String message) {
    return new ObjectFormatException(what + ": " + message);
  }

  /**
   * Checks that {@code [offset, offset + length)} (both unsigned 32-bit) lies inside {@code [0,
   * limit)} and returns the end.
   */
  static int checkRange(int offset, int length, int limit, String what) {
    long start = Integer.toUnsignedLong(offset);
    long stop = start + Integer.toUnsignedLong(length);
    if (stop > limit) {
      throw new ObjectFormatException(
          what + " [" + start + ", " + stop + ") exceeds the " + limit + " bytes available");
    }
    return (int) stop;
  }
}
