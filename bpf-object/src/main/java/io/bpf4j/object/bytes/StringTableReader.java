package io.bpf4j.object.bytes;

import io.bpf4j.object.ObjectFormatException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads NUL-terminated UTF-8 strings by offset out of a string table of a file being parsed: an ELF
 * {@code .strtab} or {@code .shstrtab}, or the string section of {@code .BTF}.
 *
 * <p>Names may legally start in the middle of another name (clang stores {@code .text} as the tail
 * of {@code .rel.text}), so a corrupt symbol table could make every symbol point at a different
 * suffix of one huge string and the decoded names would grow quadratically with the file. A {@link
 * #budgeted} table therefore caches decoded names by offset and caps their total length at a
 * generous multiple of the table size; a plain one ({@link #of}) keeps no state and may be shared
 * between threads.
 */
public final class StringTableReader {
  private static final long BUDGET_FACTOR = 16;
  private static final long BUDGET_SLACK = 1 << 16;

  private final byte[] file;
  private final int start;
  private final int size;
  private final String description;
  private final Map<Integer, String> cache;
  private long budget;

  private StringTableReader(
      byte[] file, int start, int size, String description, boolean budgeted) {
    this.file = file;
    this.start = start;
    this.size = size;
    this.description = description;
    this.cache = budgeted ? new HashMap<>() : null;
    this.budget = BUDGET_FACTOR * size + BUDGET_SLACK;
  }

  /**
   * A stateless table of {@code size} bytes at {@code start} of {@code file}, already checked to
   * lie in it.
   *
   * @param description what the table is, for error messages
   */
  public static StringTableReader of(byte[] file, int start, int size, String description) {
    return new StringTableReader(file, start, size, description, false);
  }

  /** Like {@link #of}, caching names and bounding their total length, for untrusted offsets. */
  public static StringTableReader budgeted(byte[] file, int start, int size, String description) {
    return new StringTableReader(file, start, size, description, true);
  }

  /** The table's size in bytes. */
  public int size() {
    return size;
  }

  /** Returns the string starting at {@code offset} (an unsigned 32-bit value) in the table. */
  public String at(long offset) {
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
    String cached = cache == null ? null : cache.get(relative);
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
    if (cache != null) {
      budget -= end - (start + relative);
      if (budget < 0) {
        throw new ObjectFormatException(
            "names in " + description + " overlap implausibly often: corrupt string offsets");
      }
    }
    String name =
        new String(file, start + relative, end - start - relative, StandardCharsets.UTF_8);
    if (cache != null) {
      cache.put(relative, name);
    }
    return name;
  }
}
