package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.bytes.LeReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The ids of the named types of some kinds in a BTF blob, found without decoding the types: what an
 * attachment needs from the kernel's BTF ({@code /sys/kernel/btf/vmlinux}, ~6 MB and ~125 000
 * types), where it looks up a FUNC ({@code fentry/<fn>}) or a TYPEDEF ({@code btf_trace_<event>})
 * by name. One pass over the type headers keeps, per indexed kind, each type's id and name offset;
 * a lookup compares the name's bytes with those offsets. No string is decoded and no type is built,
 * which is what makes the pass cheap (see the measurements in the runtime's VmlinuxBtf). Skipping a
 * type needs only its kind and vlen, so kind_flag uses newer than {@link BtfReader} checks are no
 * obstacle.
 */
public final class BtfNameIndex {
  /** {@code BTF_KIND_FUNC}. */
  public static final int KIND_FUNC = 12;

  /** {@code BTF_KIND_TYPEDEF}. */
  public static final int KIND_TYPEDEF = 8;

  private final byte[] bytes;
  private final int strings;
  private final int stringsEnd;

  /** Per kind: id and name offset pairs, in id order; null for kinds not indexed. */
  private final int[][] entries;

  private final int[] counts;
  private final int typeCount;

  private BtfNameIndex(
      byte[] bytes, int strings, int stringsEnd, int[][] entries, int[] counts, int typeCount) {
    this.bytes = bytes;
    this.strings = strings;
    this.stringsEnd = stringsEnd;
    this.entries = entries;
    this.counts = counts;
    this.typeCount = typeCount;
  }

  /**
   * Indexes the types of {@code kinds} in {@code bytes} (a whole BTF blob, header included), which
   * the index keeps and the caller must not change. When two types of one kind share a name, the
   * first (lowest id) wins, as libbpf's lookup does.
   *
   * @throws ObjectFormatException when the blob is malformed or holds a kind of unknown size
   */
  public static BtfNameIndex of(byte[] bytes, int... kinds) {
    LeReader header = new LeReader(bytes, 0, bytes.length, "BTF header");
    if (header.u16() != BtfFormat.MAGIC) {
      throw header.error("not little-endian BTF (bad magic)");
    }
    header.u8();
    header.u8();
    int hdrLen = header.u32();
    int typeOff = header.u32();
    int typeLen = header.u32();
    int strOff = header.u32();
    int strLen = header.u32();
    if (hdrLen < BtfFormat.HEADER_LENGTH || hdrLen > bytes.length) {
      throw header.error("header length out of range");
    }
    int dataLen = bytes.length - hdrLen;
    int typeEnd = hdrLen + LeReader.checkRange(typeOff, typeLen, dataLen, "BTF type section");
    int strEnd = hdrLen + LeReader.checkRange(strOff, strLen, dataLen, "BTF string section");
    int[][] entries = new int[32][];
    int[] counts = new int[32];
    for (int k : kinds) {
      entries[k] = new int[1024];
    }
    int at = hdrLen + typeOff;
    int id = 0;
    while (at < typeEnd) {
      id++;
      if (at + BtfFormat.TYPE_LENGTH > typeEnd) {
        throw new ObjectFormatException("BTF type " + id + " runs past the type section");
      }
      int nameOff = LeReader.i32At(bytes, at);
      int info = LeReader.i32At(bytes, at + 4);
      int kind = (info >>> 24) & 0x1f;
      int[] list = entries[kind];
      if (list != null && nameOff != 0) {
        int n = counts[kind];
        if (2 * n + 2 > list.length) {
          list = entries[kind] = Arrays.copyOf(list, list.length * 2);
        }
        list[2 * n] = id;
        list[2 * n + 1] = nameOff;
        counts[kind] = n + 1;
      }
      at += BtfFormat.TYPE_LENGTH + trailerSize(kind, info & 0xffff, id);
    }
    if (at != typeEnd) {
      throw new ObjectFormatException("BTF type " + id + " runs past the type section");
    }
    return new BtfNameIndex(bytes, hdrLen + strOff, strEnd, entries, counts, id);
  }

  /** The bytes that follow {@code struct btf_type} for a type of {@code kind}. */
  private static int trailerSize(int kind, int vlen, int id) {
    return switch (kind) {
      case 1, 14, 17 -> 4; // INT, VAR, DECL_TAG
      case 3 -> 12; // ARRAY
      case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
      case 6, 13 -> 8 * vlen; // ENUM, FUNC_PROTO
      case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0; // PTR, FWD, TYPEDEF, qualifiers, FUNC, FLOAT, TAG
      default -> throw new ObjectFormatException("BTF type " + id + " has unknown kind " + kind);
    };
  }

  /** The id of the type of {@code kind} named {@code name}, if the blob has one. */
  public OptionalInt find(int kind, String name) {
    int[] list = entries[kind];
    if (list == null) {
      throw new IllegalArgumentException("kind " + kind + " was not indexed");
    }
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < counts[kind]; i++) {
      if (nameIs(list[2 * i + 1], wanted)) {
        return OptionalInt.of(list[2 * i]);
      }
    }
    return OptionalInt.empty();
  }

  private boolean nameIs(int nameOff, byte[] wanted) {
    int at = strings + nameOff;
    if (at < strings || at + wanted.length >= stringsEnd) {
      return false;
    }
    for (int i = 0; i < wanted.length; i++) {
      if (bytes[at + i] != wanted[i]) {
        return false;
      }
    }
    return bytes[at + wanted.length] == 0;
  }

  /** How many types the blob has (the highest id). */
  public int typeCount() {
    return typeCount;
  }
}
