package io.bpf4j.runtime.maps;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import java.util.List;
import java.util.Locale;

/**
 * What a BTF type says about the bytes of a map key or value, as text a person reads: {@code int (4
 * bytes)}, {@code struct { a: int (4 bytes) at 0; b: int (4 bytes) at 4 } (8 bytes)}. Two types
 * whose shapes are equal lay out the same bytes the same way, whatever their names: typedefs and
 * {@code const}/{@code volatile} are looked through, an enum is an integer, and a struct's own name
 * does not count (a C {@code struct traffic_counters} and a Java {@code TrafficCounters} may share
 * a map); member names, offsets and sizes do.
 */
public final class TypeShape {
  /** Deep enough for any real key or value; deeper nesting is shown as "...". */
  private static final int MAX_DEPTH = 8;

  private TypeShape() {}

  /** The shape of type {@code typeId} of {@code btf}; {@code "void"} for id 0. */
  public static String of(Btf btf, int typeId) {
    try {
      return shape(btf, typeId, 0);
    } catch (ObjectFormatException | IndexOutOfBoundsException e) {
      return "an unreadable BTF type " + typeId;
    }
  }

  /**
   * Whether type {@code typeId} is an integer (int, enum or pointer) behind its aliases, or a
   * struct that only wraps one ({@code struct { long value; }}: one member, at offset 0, as large
   * as the struct), which holds exactly one number and reads the same.
   */
  public static boolean isInteger(Btf btf, int typeId) {
    BtfType t = btf.resolve(typeId);
    if (t instanceof BtfType.Struct s && s.members().size() == 1) {
      BtfType.Member m = s.members().get(0);
      return m.bitOffset() == 0
          && btf.sizeOf(m.type()) == btf.sizeOf(typeId)
          && isInteger(btf, m.type());
    }
    return t instanceof BtfType.Int
        || t instanceof BtfType.Enum
        || t instanceof BtfType.Enum64
        || t instanceof BtfType.Ptr;
  }

  /** Whether the type is a struct (or union) behind its aliases. */
  public static boolean isStruct(Btf btf, int typeId) {
    BtfType t = btf.resolve(typeId);
    return t instanceof BtfType.Struct || t instanceof BtfType.Union;
  }

  private static String shape(Btf btf, int typeId, int depth) {
    if (depth > MAX_DEPTH) {
      return "...";
    }
    BtfType t = btf.resolve(typeId);
    if (t == null) {
      return "void";
    }
    if (t instanceof BtfType.Int || t instanceof BtfType.Enum || t instanceof BtfType.Enum64) {
      return "int (" + bytes(btf.sizeOf(typeId)) + ")";
    }
    if (t instanceof BtfType.Ptr) {
      return "pointer (8 bytes)";
    }
    if (t instanceof BtfType.Float f) {
      return "float (" + bytes(f.size()) + ")";
    }
    if (t instanceof BtfType.Array a) {
      return shape(btf, a.elementType(), depth + 1) + "[" + Integer.toUnsignedLong(a.count()) + "]";
    }
    if (t instanceof BtfType.Struct s) {
      return members("struct", s.members(), s.size(), btf, depth);
    }
    if (t instanceof BtfType.Union u) {
      return members("union", u.members(), u.size(), btf, depth);
    }
    return "a " + kindName(t) + " type";
  }

  private static String members(
      String keyword, List<BtfType.Member> members, int size, Btf btf, int depth) {
    StringBuilder sb = new StringBuilder(keyword).append(" {");
    String sep = " ";
    for (BtfType.Member m : members) {
      sb.append(sep).append(m.name().isEmpty() ? "(anonymous)" : m.name()).append(": ");
      sb.append(shape(btf, m.type(), depth + 1));
      if (m.bitfieldSize() != 0) {
        sb.append(" bits ").append(m.bitOffset()).append("+").append(m.bitfieldSize());
      } else {
        sb.append(" at ").append(m.bitOffset() / 8);
      }
      sep = "; ";
    }
    return sb.append(" } (").append(bytes(Integer.toUnsignedLong(size))).append(")").toString();
  }

  private static String bytes(long n) {
    return n == 1 ? "1 byte" : n + " bytes";
  }

  private static String kindName(BtfType t) {
    String simple = t.getClass().getSimpleName();
    return simple.isEmpty() ? "kind " + t.kind() : simple.toLowerCase(Locale.ROOT);
  }
}
