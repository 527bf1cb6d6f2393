package io.bpf4j.runtime.core;

import io.bpf4j.object.ObjectFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel's BTF ({@code /sys/kernel/btf/vmlinux}), decoded lazily as cilium/ebpf does: one pass
 * records where each type starts and indexes structs and unions by their essential name; a type's
 * name and members are decoded only when a relocation asks. The raw bytes stay the only copy of the
 * types (about 6 MiB for a distribution kernel, plus an int per type).
 */
public final class KernelBtf {
  static final int KIND_INT = 1;
  static final int KIND_PTR = 2;
  static final int KIND_ARRAY = 3;
  static final int KIND_STRUCT = 4;
  static final int KIND_UNION = 5;
  static final int KIND_ENUM = 6;
  static final int KIND_FWD = 7;
  static final int KIND_TYPEDEF = 8;
  static final int KIND_VOLATILE = 9;
  static final int KIND_CONST = 10;
  static final int KIND_RESTRICT = 11;
  static final int KIND_FUNC = 12;
  static final int KIND_FUNC_PROTO = 13;
  static final int KIND_VAR = 14;
  static final int KIND_DATASEC = 15;
  static final int KIND_FLOAT = 16;
  static final int KIND_DECL_TAG = 17;
  static final int KIND_TYPE_TAG = 18;
  static final int KIND_ENUM64 = 19;

  private final ByteBuffer data;
  private final int typesStart;
  private final int stringsStart;
  private final int stringsLength;

  /** The byte offset of type {@code id} (id 0, void, has none). */
  private final int[] typeOffsets;

  /** Structs and unions by essential name. */
  private final Map<String, int[]> composites = new HashMap<>();

  /** A member of a struct or union: name, type, bit offset, bitfield size (0 when none). */
  public record Member(String name, int type, int bitOffset, int bitfieldSize) {}

  private KernelBtf(byte[] bytes) {
    data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 24 || (data.getShort(0) & 0xffff) != 0xeB9F) {
      throw new ObjectFormatException("not BTF: bad magic");
    }
    int hdrLen = data.getInt(4);
    int typeOff = data.getInt(8);
    int typeLen = data.getInt(12);
    int strOff = data.getInt(16);
    int strLen = data.getInt(20);
    typesStart = hdrLen + typeOff;
    stringsStart = hdrLen + strOff;
    stringsLength = strLen;
    if (typesStart < 0
        || typeLen < 0
        || (long) typesStart + typeLen > bytes.length
        || (long) stringsStart + strLen > bytes.length) {
      throw new ObjectFormatException("BTF sections outside the data");
    }
    int[] offsets = new int[1024];
    int count = 1;
    Map<String, List<Integer>> byName = new HashMap<>();
    int at = typesStart;
    int end = typesStart + typeLen;
    while (at < end) {
      if (count == offsets.length) {
        offsets = java.util.Arrays.copyOf(offsets, count * 2);
      }
      offsets[count] = at;
      int info = data.getInt(at + 4);
      int kind = (info >>> 24) & 0x1f;
      int vlen = info & 0xffff;
      if (kind == KIND_STRUCT || kind == KIND_UNION) {
        int nameOff = data.getInt(at);
        if (nameOff != 0) {
          byName
              .computeIfAbsent(CoreNames.essential(string(nameOff)), k -> new ArrayList<>())
              .add(count);
        }
      }
      at += 12 + trailer(kind, vlen);
      count++;
    }
    typeOffsets = java.util.Arrays.copyOf(offsets, count);
    byName.forEach(
        (name, ids) -> composites.put(name, ids.stream().mapToInt(Integer::intValue).toArray()));
  }

  /** Parses {@code bytes}, a whole base BTF blob. */
  public static KernelBtf parse(byte[] bytes) {
    return new KernelBtf(bytes);
  }

  private static int trailer(int kind, int vlen) {
    return switch (kind) {
      case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
      case KIND_ARRAY -> 12;
      case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> 12 * vlen;
      case KIND_ENUM, KIND_FUNC_PROTO -> 8 * vlen;
      case KIND_PTR,
              KIND_FWD,
              KIND_TYPEDEF,
              KIND_VOLATILE,
              KIND_CONST,
              KIND_RESTRICT,
              KIND_FUNC,
              KIND_FLOAT,
              KIND_TYPE_TAG ->
          0;
      default -> throw new ObjectFormatException("unknown BTF kind " + kind);
    };
  }

  /** The number of type ids, void included. */
  public int typeCount() {
    return typeOffsets.length;
  }

  /** The structs (or unions) whose essential name is {@code essentialName}. */
  public int[] composites(String essentialName) {
    return composites.getOrDefault(essentialName, new int[0]).clone();
  }

  public int kind(int id) {
    return id == 0 ? 0 : (data.getInt(offset(id) + 4) >>> 24) & 0x1f;
  }

  public String name(int id) {
    return id == 0 ? "void" : string(data.getInt(offset(id)));
  }

  /** The size of an int, struct, union, enum or float; the referenced type of the others. */
  private int sizeOrType(int id) {
    return data.getInt(offset(id) + 8);
  }

  /** {@code id} with typedefs and modifiers (const, volatile, restrict, type tags) skipped. */
  public int skipModifiers(int id) {
    for (int guard = 0; guard < 64 && id != 0; guard++) {
      int k = kind(id);
      if (k != KIND_TYPEDEF
          && k != KIND_VOLATILE
          && k != KIND_CONST
          && k != KIND_RESTRICT
          && k != KIND_TYPE_TAG) {
        return id;
      }
      id = sizeOrType(id);
    }
    return id;
  }

  /** Decoded member lists: a relocation walks the same few structs again and again. */
  private final Map<Integer, List<Member>> memberCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The members of struct or union {@code id}. */
  public List<Member> members(int id) {
    return memberCache.computeIfAbsent(id, this::decodeMembers);
  }

  private List<Member> decodeMembers(int id) {
    int at = offset(id);
    int info = data.getInt(at + 4);
    boolean bitfields = info < 0; // kind_flag: offsets carry bitfield sizes
    int vlen = info & 0xffff;
    List<Member> out = new ArrayList<>(vlen);
    for (int i = 0; i < vlen; i++) {
      int m = at + 12 + 12 * i;
      int off = data.getInt(m + 8);
      out.add(
          new Member(
              string(data.getInt(m)),
              data.getInt(m + 4),
              bitfields ? off & 0xffffff : off,
              bitfields ? off >>> 24 : 0));
    }
    return List.copyOf(out);
  }

  /** Element type and count of array {@code id}. */
  public int[] array(int id) {
    int at = offset(id) + 12;
    return new int[] {data.getInt(at), data.getInt(at + 8)};
  }

  /** The byte size of type {@code id} as C's sizeof gives it; -1 when it has none. */
  public long sizeOf(int id) {
    id = skipModifiers(id);
    return switch (kind(id)) {
      case KIND_INT, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_ENUM64, KIND_FLOAT ->
          Integer.toUnsignedLong(sizeOrType(id));
      case KIND_PTR -> 8;
      case KIND_ARRAY -> {
        int[] a = array(id);
        long element = sizeOf(a[0]);
        yield element < 0 ? -1 : element * Integer.toUnsignedLong(a[1]);
      }
      default -> -1;
    };
  }

  /** Whether int type {@code id} is signed. */
  public boolean isSignedInt(int id) {
    return (data.getInt(offset(id) + 12) >>> 24 & 1) != 0;
  }

  private int offset(int id) {
    if (id <= 0 || id >= typeOffsets.length) {
      throw new ObjectFormatException("no BTF type " + id);
    }
    return typeOffsets[id];
  }

  private String string(int offset) {
    if (offset < 0 || offset >= stringsLength) {
      throw new ObjectFormatException("BTF string offset " + offset + " out of range");
    }
    int start = stringsStart + offset;
    int end = start;
    byte[] bytes = data.array();
    while (end < stringsStart + stringsLength && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }
}
