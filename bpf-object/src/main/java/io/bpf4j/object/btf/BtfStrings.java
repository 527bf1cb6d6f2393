package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The string section of a parsed {@code .BTF} blob: NUL-terminated strings addressed by byte
 * offset, as referenced by {@code name_off} fields and by {@code .BTF.ext}. Immutable.
 */
public final class BtfStrings {

  private final byte[] bytes;

  /** Takes a copy of {@code bytes[start, end)}, which must start and end with NUL. */
  BtfStrings(byte[] bytes, int start, int end) {
    if (end <= start) {
      throw new ObjectFormatException("BTF string section is empty");
    }
    if (bytes[start] != 0 || bytes[end - 1] != 0) {
      // The kernel requires both: offset 0 must read "" and every string must be terminated.
      throw new ObjectFormatException("BTF string section must start and end with NUL");
    }
    this.bytes = Arrays.copyOfRange(bytes, start, end);
  }

  /** The section length in bytes. */
  public int size() {
    return bytes.length;
  }

  /**
   * The string starting at {@code offset}, decoded as UTF-8.
   *
   * @throws ObjectFormatException when the offset lies outside the section
   */
  public String at(int offset) {
    if (offset < 0 || offset >= bytes.length) {
      throw new ObjectFormatException(
          "BTF string offset " + Integer.toUnsignedString(offset) + " outside the section");
    }
    int end = offset;
    while (bytes[end] != 0) { // terminates: the last byte is NUL
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }
}
