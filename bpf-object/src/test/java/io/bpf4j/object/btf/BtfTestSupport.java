package io.bpf4j.object.btf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Helpers shared by the BTF tests. */
final class BtfTestSupport {

  private BtfTestSupport() {}

  static byte[] resource(String name) {
    try (InputStream in = BtfTestSupport.class.getResourceAsStream("/btf/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource btf/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes from hex digits; whitespace and {@code //} comments to the end of a line are ignored. */
  static byte[] hex(String text) {
    String digits = text.replaceAll("//[^\n]*", "").replaceAll("\\s", "");
    byte[] bytes = new byte[digits.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The type section of a {@code .BTF} blob, located through its header. */
  static byte[] typeSection(byte[] btf) {
    ByteBuffer b = le(btf);
    int start = b.getInt(4) + b.getInt(8);
    return java.util.Arrays.copyOfRange(btf, start, start + b.getInt(12));
  }

  /** The string section of a {@code .BTF} blob, located through its header. */
  static byte[] stringSection(byte[] btf) {
    ByteBuffer b = le(btf);
    int start = b.getInt(4) + b.getInt(16);
    return java.util.Arrays.copyOfRange(btf, start, start + b.getInt(20));
  }

  /**
   * Byte positions of the string offsets (type, member, enumerator and parameter names) in a type
   * section. An independent minimal walk of the layout, used to compare sections whose string
   * tables are ordered differently.
   */
  static Set<Integer> namePositions(byte[] types) {
    ByteBuffer b = le(types);
    Set<Integer> positions = new HashSet<>();
    int p = 0;
    while (p < types.length) {
      positions.add(p);
      int info = b.getInt(p + 4);
      int kind = (info >>> 24) & 0x1f;
      int vlen = info & 0xffff;
      p += 12;
      List<Integer> nameRecords = new ArrayList<>();
      int recordSize = 0;
      switch (kind) {
        case 1, 14, 17 -> p += 4;
        case 3 -> p += 12;
        case 4, 5, 19 -> recordSize = 12;
        case 6, 13 -> recordSize = 8;
        case 15 -> p += 12 * vlen;
        default -> {}
      }
      if (recordSize != 0) {
        for (int i = 0; i < vlen; i++) {
          nameRecords.add(p + i * recordSize);
        }
        p += vlen * recordSize;
      }
      positions.addAll(nameRecords);
    }
    return positions;
  }
}
