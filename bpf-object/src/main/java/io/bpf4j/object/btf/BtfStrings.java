package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.bytes.StringTableReader;
import java.util.Arrays;

/**
 * The string section of a parsed {@code .BTF} blob: NUL-terminated strings addressed by byte
 * offset, as referenced by {@code name_off} fields and by {@code .BTF.ext}. Immutable: a BTF view
 * of a stateless {@link StringTableReader} with the kernel's rules for the section's ends.
 */
public final class BtfStrings {

  private final StringTableReader table;

  /** Takes a copy of {@code bytes[start, end)}, which must start and end with NUL. */
  BtfStrings(byte[] bytes, int start, int end) {
    if (end <= start) {
      throw new ObjectFormatException("BTF string section is empty");
    }
    if (bytes[start] != 0 || bytes[end - 1] != 0) {
      // The kernel requires both: offset 0 must read "" and every string must be terminated.
      throw new ObjectFormatException("BTF string section must start and end with NUL");
    }
    byte[] copy = Arrays.copyOfRange(bytes, start, end);
    this.table = StringTableReader.of(copy, 0, copy.length, "BTF string section");
  }

  /** The section length in bytes. */
  public int size() {
    return table.size();
  }

  /**
   * The string starting at {@code offset}, decoded as UTF-8.
   *
   * @throws ObjectFormatException when the offset lies outside the section
   */
  public String at(int offset) {
    if (offset < 0 || offset >= table.size()) {
      throw new ObjectFormatException(
          "BTF string offset " + Integer.toUnsignedString(offset) + " outside the section");
    }
    return table.at(offset); // terminated: the last byte is NUL
  }
}
