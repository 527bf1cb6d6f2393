package io.bpf4j.object.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Builds an ELF string table: NUL-terminated names, each stored once, offset 0 the empty name. */
final class StringTableBuilder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Map<String, Integer> offsets = new HashMap<>();

  StringTableBuilder() {
    add("");
  }

  /** Adds a name if it is not there yet and returns its offset. */
  int add(String name) {
    Integer known = offsets.get(name);
    if (known != null) {
      return known;
    }
    int offset = bytes.size();
    bytes.writeBytes(name.getBytes(StandardCharsets.UTF_8));
    bytes.write(0);
    offsets.put(name, offset);
    return offset;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
