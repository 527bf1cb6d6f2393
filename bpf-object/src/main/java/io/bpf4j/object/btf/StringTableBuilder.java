package io.bpf4j.object.btf;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a BTF string section: NUL-terminated UTF-8 strings, offset 0 holding the empty string.
 * Each distinct string is stored once, in the order first added, so the output is deterministic.
 */
final class StringTableBuilder {

  private final Map<String, Integer> offsets = new LinkedHashMap<>();
  private final LeOutput out = new LeOutput();

  StringTableBuilder() {
    offsets.put("", 0);
    out.u8(0);
  }

  int add(String s) {
    Integer known = offsets.get(s);
    if (known != null) {
      return known;
    }
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("BTF string contains NUL: " + s);
    }
    int offset = out.size();
    out.bytes(s.getBytes(StandardCharsets.UTF_8));
    out.u8(0);
    offsets.put(s, offset);
    return offset;
  }

  /** A read-only view: the writer that owns this builder adds nothing after taking it. */
  Map<String, Integer> offsets() {
    return Collections.unmodifiableMap(offsets);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
