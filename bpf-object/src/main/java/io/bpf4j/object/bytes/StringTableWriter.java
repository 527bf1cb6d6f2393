package io.bpf4j.object.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a string table as ELF ({@code .strtab}) and BTF (the string section) both lay it out:
 * NUL-terminated UTF-8 strings, offset 0 holding the empty string. Each distinct string is stored
 * once, in the order first added, so the output is deterministic.
 */
public final class StringTableWriter {

  private final Map<String, Integer> offsets = new LinkedHashMap<>();
  private final LeWriter out = new LeWriter();
  private final String what;

  /**
   * @param what what a string of this table is, for the message that refuses a NUL in one, e.g.
   *     {@code "BTF string"}
   */
  public StringTableWriter(String what) {
    this.what = what;
    offsets.put("", 0);
    out.u8(0);
  }

  /** Adds {@code s} if it is not there yet and returns its offset. */
  public int add(String s) {
    Integer known = offsets.get(s);
    if (known != null) {
      return known;
    }
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains NUL: " + s);
    }
    int offset = out.size();
    out.bytes(s.getBytes(StandardCharsets.UTF_8));
    out.u8(0);
    offsets.put(s, offset);
    return offset;
  }

  /** A read-only view: the writer that owns this table adds nothing after taking it. */
  public Map<String, Integer> offsets() {
    return Collections.unmodifiableMap(offsets);
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
