package io.bpf4j.object.elf;

import io.bpf4j.object.ObjectFormatException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads NUL-terminated names out of one string table section of a file being parsed.
 *
 * <p>Names may legally start in the middle of another name (clang stores {@code .text} as the tail
 * of {@code .rel.text}), so a corrupt symbol table could make every symbol point at a different
 * suffix of one huge string and the decoded names would grow quadratically with the file. Decoded
 * names are therefore cached by offset and their total length is capped at a generous multiple of
 * the table size.
 */
final class StringTable {
  private static final long BUDGET_FACTOR = 16;
  private static final long BUDGET_SLACK = 1 << 16;

  private final byte[] file;
  private final int start;
  private final int size;
  private final String description;
  private final Map<Integer, String> cache = new HashMap<>();
  private long budget;

  /**
   * @param file the whole file
   * @param start where the table starts, already checked to lie in the file with {@code size}
   * @param size the table's size in bytes
   * @param description what the table is, for error messages
   */
  StringTable(byte[] file, int start, int size, String description) {
    this.file = file;
    this.start = start;
    this.size = size;
    this.description = description;
    this.budget = BUDGET_FACTOR * size + BUDGET_SLACK;
  }

  /** Returns the string starting at {@code offset} (an unsigned 32-bit value) in the table. */
  String get(long offset) {
    if (offset < 0 || offset >= size) {
      throw new ObjectFormatException(
          "string offset "
              + offset
              + " out of range for "
              + description
              + " of "
              + size
              + " bytes");
    }
    int relative = (int) offset;
    String cached = cache.get(relative);
    if (cached != null) {
      return cached;
    }
    int end = start + relative;
    int limit = start + size;
    while (end < limit && file[end] != 0) {
      end++;
    }
    if (end == limit) {
      throw new ObjectFormatException(
          "unterminated string at offset " + offset + " in " + description);
    }
    budget -= end - (start + relative);
    if (budget < 0) {
      throw new ObjectFormatException(
          "names in " + description + " overlap implausibly often: corrupt string offsets");
    }
    String name =
        new String(file, start + relative, end - start - relative, StandardCharsets.UTF_8);
    cache.put(relative, name);
    return name;
  }
}
