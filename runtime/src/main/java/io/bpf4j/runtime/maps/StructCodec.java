package io.bpf4j.runtime.maps;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.kernel.CLayout;
import io.bpf4j.runtime.BpfException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@code @Struct} Java class by its fields' names: each field goes to the BTF struct
 * member of the same name when the map has BTF, otherwise to its natural C position in declaration
 * order. Every field and every member must match; nothing is dropped silently.
 */
final class StructCodec<T> implements Codec<T> {
  private record Slot(Field field, int offset, int size) {}

  private final Class<T> type;
  private final Constructor<T> constructor;
  private final List<Slot> slots;
  private final int size;

  private StructCodec(Class<T> type, List<Slot> slots, int size) {
    this.type = type;
    this.slots = slots;
    this.size = size;
    try {
      constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new BpfException(
          0, type.getName() + " needs a no-argument constructor to be decoded" + " from a map", e);
    }
  }

  /** The Java fields that carry data: instance fields, in declaration order. */
  static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
        f.setAccessible(true);
        out.add(f);
      }
    }
    return out;
  }

  /** The C size of a field's type: 1 for boolean and byte, 2 for short and char, ... */
  static int primitiveSize(Class<?> t) {
    return t.isPrimitive() ? CLayout.sizeOfDescriptor(t.descriptorString()) : -1;
  }

  /** Lays {@code type} out by the C layout rule, for maps without BTF. */
  static <T> StructCodec<T> natural(Class<T> type, int expectedSize) {
    StructCodec<T> codec = natural(type);
    checkSize(type, codec.size, expectedSize);
    return codec;
  }

  /** Lays {@code type} out by the C layout rule, whatever size that gives. */
  static <T> StructCodec<T> natural(Class<T> type) {
    List<Field> fields = fields(type);
    int[] sizes = new int[fields.size()];
    for (int i = 0; i < sizes.length; i++) {
      Field f = fields.get(i);
      sizes[i] = primitiveSize(f.getType());
      if (sizes[i] < 0) {
        throw new BpfException(
            0,
            "field "
                + type.getSimpleName()
                + "."
                + f.getName()
                + " is not a primitive; map values hold only boolean, byte, short, char, int, long");
      }
    }
    CLayout.Layout layout = CLayout.of(sizes);
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      slots.add(new Slot(fields.get(i), layout.offsets()[i], sizes[i]));
    }
    return new StructCodec<>(type, slots, layout.size());
  }

  /** Lays {@code type} out by the members of BTF struct {@code typeId}, matched by name. */
  static <T> StructCodec<T> fromBtf(Class<T> type, Btf btf, int typeId, int expectedSize) {
    BtfType t = btf.resolve(typeId);
    if (!(t instanceof BtfType.Struct s)) {
      throw new BpfException(
          0,
          "the map's value type is "
              + t
              + ", not a struct; "
              + type.getSimpleName()
              + " cannot describe it");
    }
    Map<String, Field> byName = new HashMap<>();
    for (Field f : fields(type)) {
      byName.put(f.getName(), f);
    }
    List<Slot> slots = new ArrayList<>();
    for (BtfType.Member m : s.members()) {
      Field f = byName.remove(m.name());
      if (f == null) {
        throw new BpfException(
            0,
            "struct "
                + s.name()
                + " has member '"
                + m.name()
                + "' that "
                + type.getSimpleName()
                + " lacks; add a field of that name so no data is dropped");
      }
      int memberSize = (int) btf.sizeOf(m.type());
      int fieldSize = primitiveSize(f.getType());
      if (fieldSize != memberSize) {
        throw new BpfException(
            0,
            "member '"
                + m.name()
                + "' of struct "
                + s.name()
                + " has "
                + memberSize
                + " bytes but "
                + type.getSimpleName()
                + "."
                + f.getName()
                + " has "
                + fieldSize
                + "; use a field type of the same size");
      }
      slots.add(new Slot(f, m.bitOffset() / 8, memberSize));
    }
    if (!byName.isEmpty()) {
      throw new BpfException(
          0,
          type.getSimpleName()
              + " has fields "
              + byName.keySet()
              + " that struct "
              + s.name()
              + " of the map does not have");
    }
    checkSize(type, (int) btf.sizeOf(typeId), expectedSize);
    return new StructCodec<>(type, slots, expectedSize);
  }

  private static void checkSize(Class<?> type, int size, int expected) {
    if (size != expected) {
      throw new BpfException(
          0,
          type.getSimpleName()
              + " lays out to "
              + size
              + " bytes but the map's entries have "
              + expected
              + "; the Java class does not describe"
              + " this map");
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void encode(T value, byte[] out, int offset) {
    try {
      for (Slot s : slots) {
        Object v = s.field().get(value);
        long bits =
            v instanceof Boolean bool
                ? (bool ? 1 : 0)
                : v instanceof Character c ? c : ((Number) v).longValue();
        Bytes.put(out, offset + s.offset(), s.size(), bits);
      }
    } catch (IllegalAccessException e) {
      throw new BpfException(0, "cannot read fields of " + type.getName(), e);
    }
  }

  @Override
  public T decode(byte[] in, int offset) {
    try {
      T value = constructor.newInstance();
      for (Slot s : slots) {
        long bits = Bytes.get(in, offset + s.offset(), s.size());
        Class<?> t = s.field().getType();
        if (t == long.class) {
          s.field().setLong(value, bits);
        } else if (t == int.class) {
          s.field().setInt(value, (int) bits);
        } else if (t == short.class) {
          s.field().setShort(value, (short) bits);
        } else if (t == char.class) {
          s.field().setChar(value, (char) bits);
        } else if (t == byte.class) {
          s.field().setByte(value, (byte) bits);
        } else {
          s.field().setBoolean(value, bits != 0);
        }
      }
      return value;
    } catch (ReflectiveOperationException e) {
      throw new BpfException(0, "cannot create " + type.getName() + ": " + e, e);
    }
  }
}
