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
  /**
   * Where a field goes: {@code size} bytes at {@code offset}; for a fixed array ({@code byte[] comm
   * = new byte[16]}) {@code length} elements of {@code size} bytes each, else length 0.
   */
  private record Slot(Field field, int offset, int size, int length) {
    Slot(Field field, int offset, int size) {
      this(field, offset, size, 0);
    }

    int bytes() {
      return length == 0 ? size : size * length;
    }
  }

  private final Class<T> type;
  private final Constructor<T> constructor;

  /** An array, not a list: decoding events walks it once per record. */
  private final Slot[] slots;

  /** The arguments of the no-argument constructor, shared: a varargs call would allocate them. */
  private static final Object[] NO_ARGS = new Object[0];

  private final int size;

  private StructCodec(Class<T> type, List<Slot> slots, int size) {
    this.type = type;
    this.slots = slots.toArray(new Slot[0]);
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

  /**
   * Whether {@code t} is {@code io.bpf4j.lang.BpfSpinLock} (named: the runtime does not need it).
   */
  static boolean isSpinLock(Class<?> t) {
    return t.getName().equals("io.bpf4j.lang.BpfSpinLock");
  }

  /** The C size of a field's type: 1 for boolean and byte, 2 for short and char, ... */
  static int primitiveSize(Class<?> t) {
    return t.isPrimitive() ? CLayout.sizeOfDescriptor(t.descriptorString()) : -1;
  }

  /**
   * The length of each fixed array field, read from a new instance (the field initializer {@code
   * new byte[16]} is what gives it in the BPF code too); 0 for scalars.
   */
  private static int[] arrayLengths(Class<?> type, List<Field> fields) {
    int[] lengths = new int[fields.size()];
    Object prototype = null;
    for (int i = 0; i < lengths.length; i++) {
      Field f = fields.get(i);
      if (!f.getType().isArray()) {
        continue;
      }
      try {
        if (prototype == null) {
          Constructor<?> c = type.getDeclaredConstructor();
          c.setAccessible(true);
          prototype = c.newInstance();
        }
        Object array = f.get(prototype);
        lengths[i] = array == null ? 0 : java.lang.reflect.Array.getLength(array);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new BpfException(0, "cannot create " + type.getName() + " to size its arrays", e);
      }
      if (lengths[i] == 0) {
        throw new BpfException(
            0,
            "array field "
                + type.getSimpleName()
                + "."
                + f.getName()
                + " needs an initializer with its length, e.g. new byte[16]");
      }
    }
    return lengths;
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
    int[] aligns = new int[fields.size()];
    int[] lengths = arrayLengths(type, fields);
    for (int i = 0; i < sizes.length; i++) {
      Field f = fields.get(i);
      Class<?> t = f.getType().isArray() ? f.getType().getComponentType() : f.getType();
      aligns[i] = isSpinLock(t) ? 4 : primitiveSize(t);
      sizes[i] = aligns[i] * Math.max(1, lengths[i]);
      if (aligns[i] < 0) {
        throw new BpfException(
            0,
            "field "
                + type.getSimpleName()
                + "."
                + f.getName()
                + " is not a primitive; map values hold only boolean, byte, short, char, int, long"
                + " and fixed arrays of them");
      }
    }
    CLayout.Layout layout = CLayout.of(sizes, aligns);
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      if (isSpinLock(fields.get(i).getType())) {
        continue; // the kernel hides the lock: zero when read, left alone when written
      }
      slots.add(new Slot(fields.get(i), layout.offsets()[i], aligns[i], lengths[i]));
    }
    return new StructCodec<>(type, slots, layout.size());
  }

  /**
   * Lays {@code type} out by the members of BTF struct {@code typeId}, matched by name; {@code
   * role} ("key" or "value") names the part of the map in messages.
   */
  static <T> StructCodec<T> fromBtf(
      Class<T> type, Btf btf, int typeId, int expectedSize, String role) {
    BtfType t = btf.resolve(typeId);
    if (!(t instanceof BtfType.Struct s)) {
      throw new BpfException(
          0,
          "the map's "
              + role
              + " type is "
              + TypeShape.of(btf, typeId)
              + ", not a struct; "
              + type.getSimpleName()
              + " cannot describe it"
              + (TypeShape.isInteger(btf, typeId) ? "; use Integer or Long" : ""));
    }
    Map<String, Field> byName = new HashMap<>();
    for (Field f : fields(type)) {
      byName.put(f.getName(), f);
    }
    List<Slot> slots = new ArrayList<>();
    addMembers(type, s.name(), s.members(), 0, btf, byName, slots);
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

  /**
   * Adds a slot per member of {@code members}, which start {@code baseBits} into the map's struct.
   * Anonymous structs are flattened (their members belong to the outer struct, as in C); of an
   * anonymous union the Java class names one alternative as large as the union, so every byte is
   * read and written through exactly one field.
   */
  private static void addMembers(
      Class<?> type,
      String struct,
      List<BtfType.Member> members,
      int baseBits,
      Btf btf,
      Map<String, Field> byName,
      List<Slot> slots) {
    for (BtfType.Member member : members) {
      BtfType.Member m =
          new BtfType.Member(
              member.name(), member.type(), member.bitOffset() + baseBits, member.bitfieldSize());
      if (m.name().isEmpty() && btf.resolve(m.type()) instanceof BtfType.Struct nested) {
        addMembers(type, struct, nested.members(), m.bitOffset(), btf, byName, slots);
        continue;
      }
      if (m.name().isEmpty() && btf.resolve(m.type()) instanceof BtfType.Union union) {
        BtfType.Member chosen = unionAlternative(type, struct, union, byName, btf);
        addMembers(type, struct, List.of(chosen), m.bitOffset(), btf, byName, slots);
        continue;
      }
      if (btf.resolve(m.type()) instanceof BtfType.Struct lock
          && lock.name().equals("bpf_spin_lock")) {
        // Read as zero, ignored on update: a BpfSpinLock or int field (or none) may stand for it.
        byName.remove(m.name());
        continue;
      }
      Field f = byName.remove(m.name());
      if (f == null) {
        throw new BpfException(
            0,
            "struct "
                + struct
                + " has member '"
                + m.name()
                + "' that "
                + type.getSimpleName()
                + " lacks; add a field of that name so no data is dropped");
      }
      int memberSize = (int) btf.sizeOf(m.type());
      if (btf.resolve(m.type()) instanceof BtfType.Array arr) {
        slots.add(arraySlot(type, struct, m, f, btf, arr));
        continue;
      }
      int fieldSize = primitiveSize(f.getType());
      if (m.bitfieldSize() != 0 || m.bitOffset() % 8 != 0 || !TypeShape.isInteger(btf, m.type())) {
        throw new BpfException(
            0,
            "member '"
                + m.name()
                + "' of struct "
                + struct
                + " is "
                + (m.bitfieldSize() != 0 ? "a bit field" : TypeShape.of(btf, m.type()))
                + ", which "
                + type.getSimpleName()
                + "."
                + f.getName()
                + " cannot describe; Java map classes hold only integer members");
      }
      if (fieldSize != memberSize) {
        throw new BpfException(
            0,
            "member '"
                + m.name()
                + "' of struct "
                + struct
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
  }

  /** The one alternative of an anonymous union that {@code type} has a field (or fields) for. */
  private static BtfType.Member unionAlternative(
      Class<?> type, String struct, BtfType.Union union, Map<String, Field> byName, Btf btf) {
    List<BtfType.Member> named = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (BtfType.Member alt : union.members()) {
      List<String> names = memberNames(alt, btf);
      all.addAll(names);
      if (names.stream().anyMatch(byName::containsKey)) {
        named.add(alt);
      }
    }
    if (named.size() != 1 || btf.sizeOf(named.get(0).type()) != union.size()) {
      throw new BpfException(
          0,
          "struct "
              + struct
              + " has an anonymous union of "
              + all
              + "; give "
              + type.getSimpleName()
              + " fields for exactly one alternative as large as the union ("
              + union.size()
              + " bytes), so every byte is read and written through one field");
    }
    return named.get(0);
  }

  /** The field names a member stands for: its own, or an anonymous struct's members'. */
  private static List<String> memberNames(BtfType.Member m, Btf btf) {
    if (!m.name().isEmpty()) {
      return List.of(m.name());
    }
    List<String> names = new ArrayList<>();
    if (btf.resolve(m.type()) instanceof BtfType.Struct nested) {
      nested.members().forEach(n -> names.addAll(memberNames(n, btf)));
    } else if (btf.resolve(m.type()) instanceof BtfType.Union nested) {
      nested.members().forEach(n -> names.addAll(memberNames(n, btf)));
    }
    return names;
  }

  /** A fixed array member: the Java field must be an array of the same element size. */
  private static Slot arraySlot(
      Class<?> type, String struct, BtfType.Member m, Field f, Btf btf, BtfType.Array arr) {
    int elementSize = (int) btf.sizeOf(arr.elementType());
    Class<?> component = f.getType().getComponentType();
    if (component == null || primitiveSize(component) != elementSize) {
      throw new BpfException(
          0,
          "member '"
              + m.name()
              + "' of struct "
              + struct
              + " is an array of "
              + arr.count()
              + " elements of "
              + elementSize
              + " bytes; declare "
              + type.getSimpleName()
              + "."
              + f.getName()
              + " as such an array (e.g. byte[] "
              + m.name()
              + " = new byte["
              + arr.count()
              + "])");
    }
    return new Slot(f, m.bitOffset() / 8, elementSize, arr.count());
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
        if (s.length() > 0) {
          encodeArray(s, s.field().get(value), out, offset);
          continue;
        }
        Bytes.put(out, offset + s.offset(), s.size(), bits(s.field(), value));
      }
    } catch (IllegalAccessException e) {
      throw new BpfException(0, "cannot read fields of " + type.getName(), e);
    }
  }

  @Override
  public T decode(byte[] in, int offset) {
    try {
      T value = constructor.newInstance(NO_ARGS);
      for (Slot s : slots) {
        if (s.length() > 0) {
          s.field().set(value, decodeArray(s, in, offset));
          continue;
        }
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

  /**
   * The bits of a scalar field, read with the primitive getter of its type: {@code Field.get} would
   * box every value, an allocation per field on the hot path of put and putAll.
   */
  private static long bits(Field f, Object value) throws IllegalAccessException {
    Class<?> t = f.getType();
    if (t == long.class) {
      return f.getLong(value);
    }
    if (t == int.class) {
      return f.getInt(value);
    }
    if (t == short.class) {
      return f.getShort(value);
    }
    if (t == byte.class) {
      return f.getByte(value);
    }
    if (t == char.class) {
      return f.getChar(value);
    }
    if (t == boolean.class) {
      return f.getBoolean(value) ? 1 : 0;
    }
    return ((Number) f.get(value)).longValue();
  }

  /** Writes array field {@code s}; a shorter array is zero-padded, a longer one is refused. */
  private void encodeArray(Slot s, Object array, byte[] out, int offset) {
    int n = array == null ? 0 : java.lang.reflect.Array.getLength(array);
    if (n > s.length()) {
      throw new BpfException(
          0,
          type.getSimpleName()
              + "."
              + s.field().getName()
              + " has "
              + n
              + " elements; the struct holds "
              + s.length());
    }
    java.util.Arrays.fill(out, offset + s.offset(), offset + s.offset() + s.bytes(), (byte) 0);
    for (int i = 0; i < n; i++) {
      Object e = java.lang.reflect.Array.get(array, i);
      long bits =
          e instanceof Boolean bool
              ? (bool ? 1 : 0)
              : e instanceof Character c ? c : ((Number) e).longValue();
      Bytes.put(out, offset + s.offset() + i * s.size(), s.size(), bits);
    }
  }

  private static Object decodeArray(Slot s, byte[] in, int offset) {
    Class<?> t = s.field().getType().getComponentType();
    int base = offset + s.offset();
    if (t == byte.class) {
      return java.util.Arrays.copyOfRange(in, base, base + s.length());
    }
    Object array = java.lang.reflect.Array.newInstance(t, s.length());
    for (int i = 0; i < s.length(); i++) {
      long bits = Bytes.get(in, base + i * s.size(), s.size());
      if (t == long.class) {
        java.lang.reflect.Array.setLong(array, i, bits);
      } else if (t == int.class) {
        java.lang.reflect.Array.setInt(array, i, (int) bits);
      } else if (t == short.class) {
        java.lang.reflect.Array.setShort(array, i, (short) bits);
      } else if (t == char.class) {
        java.lang.reflect.Array.setChar(array, i, (char) bits);
      } else {
        java.lang.reflect.Array.setBoolean(array, i, bits != 0);
      }
    }
    return array;
  }
}
