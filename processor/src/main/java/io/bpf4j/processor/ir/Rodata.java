package io.bpf4j.processor.ir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code .rodata} section of one object: NUL-terminated strings (printk formats), each stored
 * once, at the offset a {@link DataAddr} names.
 */
public final class Rodata {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Map<String, Integer> strings = new LinkedHashMap<>();

  /** The offset of the NUL-terminated string {@code s}, appended on first use. */
  public int intern(String s) {
    return strings.computeIfAbsent(
        s,
        k -> {
          int offset = bytes.size();
          bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
          bytes.write(0);
          return offset;
        });
  }

  /** The section's contents. */
  public byte[] bytes() {
    return bytes.toByteArray();
  }
}
