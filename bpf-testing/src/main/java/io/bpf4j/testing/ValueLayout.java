package io.bpf4j.testing;

import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.object.kernel.CLayout;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map key or value type as the kernel stores it: {@code Integer}, {@code Long} or a
 * {@code @Struct} class laid out as C would (fields in declaration order, natural alignment), with
 * the copies and the byte encoding that the simulated maps need. {@code @Struct} classes have no
 * {@code equals}, so keys compare by their encoding, padding zero as on the BPF stack.
 */
final class ValueLayout {
  private static final Map<Class<?>, ValueLayout> CACHE = new ConcurrentHashMap<>();

  private final Class<?> type;
  private final List<Field> fields;
  private final int[] offsets;
  private final int size;
  private final Constructor<?> constructor;

  private ValueLayout(
      Class<?> type, List<Field> fields, int[] offsets, int size, Constructor<?> constructor) {
    this.type = type;
    this.fields = fields;
    this.offsets = offsets;
    this.size = size;
    this.constructor = constructor;
  }

  /** The layout of {@code type}; an {@link IllegalArgumentException} says what is wrong. */
  static ValueLayout of(Class<?> type) {
    return CACHE.computeIfAbsent(type, ValueLayout::build);
  }

  private static ValueLayout build(Class<?> type) {
    if (type == Integer.class) {
      return new ValueLayout(type, List.of(), new int[0], 4, null);
    }
    if (type == Long.class) {
      return new ValueLayout(type, List.of(), new int[0], 8, null);
    }
    if (!type.isAnnotationPresent(Struct.class)) {
      throw new IllegalArgumentException(
          type.getName() + " is not a map key or value type: use Integer, Long or a @Struct class");
    }
    List<Field> fields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
        continue;
      }
      if (f.getType() == BpfSpinLock.class) {
        // Laid out (4 bytes) but never copied or encoded: the kernel hides the lock (zero).
        fields.add(f);
        continue;
      }
      if (elementSize(f) < 0) {
        throw new IllegalArgumentException(
            "field "
                + type.getSimpleName()
                + "."
                + f.getName()
                + " has type "
                + f.getType().getSimpleName()
                + "; a @Struct holds only boolean, byte, short, char, int and long fields"
                + " and fixed arrays of them");
      }
      f.setAccessible(true);
      fields.add(f);
    }
    Constructor<?> constructor;
    Object prototype;
    try {
      constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      prototype = constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "@Struct "
              + type.getName()
              + " needs a no-argument constructor (and must be a static nested or top-level class)"
              + " for the simulator to create map values",
          e);
    }
    int[] aligns = fields.stream().mapToInt(ValueLayout::elementSize).toArray();
    int[] sizes = new int[aligns.length];
    for (int i = 0; i < sizes.length; i++) {
      // A fixed array's length is its initializer's, as in the BPF code: new byte[16].
      sizes[i] = aligns[i] * Math.max(1, arrayLength(fields.get(i), prototype));
    }
    CLayout.Layout layout = CLayout.of(sizes, aligns);
    List<Field> data = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getType() != BpfSpinLock.class) {
        data.add(fields.get(i));
        offsets.add(layout.offsets()[i]);
      }
    }
    return new ValueLayout(
        type,
        List.copyOf(data),
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        layout.size(),
        constructor);
  }

  private static int elementSize(Field f) {
    Class<?> t = f.getType();
    if (t == BpfSpinLock.class) {
      return 4; // struct bpf_spin_lock { __u32 val; }
    }
    return primitiveSize(t.isArray() ? t.getComponentType() : t);
  }

  private static int arrayLength(Field f, Object o) {
    if (!f.getType().isArray()) {
      return 0;
    }
    try {
      Object a = f.get(o);
      if (a == null || java.lang.reflect.Array.getLength(a) == 0) {
        throw new IllegalArgumentException(
            "array field " + f.getName() + " needs an initializer with its length: new byte[16]");
      }
      return java.lang.reflect.Array.getLength(a);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int primitiveSize(Class<?> t) {
    if (t == long.class) {
      return 8;
    }
    if (t == int.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    if (t == byte.class || t == boolean.class) {
      return 1;
    }
    return -1;
  }

  Class<?> type() {
    return type;
  }

  /** The C size in bytes ({@code sizeof}). */
  int size() {
    return size;
  }

  boolean isStruct() {
    return constructor != null;
  }

  /**
   * Whether the struct holds a {@code BpfSpinLock} (laid out but not among the copied fields): the
   * kernel then accepts {@code BPF_F_LOCK} updates of the map's values.
   */
  boolean hasSpinLock() {
    if (type.isAnnotationPresent(Struct.class)) {
      for (Field f : type.getDeclaredFields()) {
        if (f.getType() == BpfSpinLock.class && !Modifier.isStatic(f.getModifiers())) {
          return true;
        }
      }
    }
    return false;
  }

  /** A value of all zero bytes: 0, 0L, or a new struct with every field 0. */
  Object zero() {
    if (type == Integer.class) {
      return 0;
    }
    if (type == Long.class) {
      return 0L;
    }
    Object o = newInstance();
    // A field initializer must not leak into a value the kernel would zero-fill.
    for (Field f : fields) {
      if (f.getType().isArray()) {
        zeroArray(f, o);
      } else {
        set(f, o, 0L);
      }
    }
    return o;
  }

  /** An independent copy: boxes are immutable and shared, structs are copied field by field. */
  Object copy(Object value) {
    if (!isStruct()) {
      return value;
    }
    Object o = newInstance();
    copyInto(value, o);
    return o;
  }

  /** Copies every field of struct {@code src} into struct {@code dst} (a kernel memcpy). */
  void copyInto(Object src, Object dst) {
    try {
      for (Field f : fields) {
        if (f.getType().isArray()) {
          // Into dst's own array: BPF code holding dst.comm sees the new bytes, as in the kernel.
          Object from = f.get(src);
          System.arraycopy(from, 0, f.get(dst), 0, java.lang.reflect.Array.getLength(from));
        } else {
          f.set(dst, f.get(src));
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value's bytes as the kernel holds them (little-endian, padding zero). */
  byte[] encode(Object value) {
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    if (type == Integer.class) {
      return out.putInt((Integer) value).array();
    }
    if (type == Long.class) {
      return out.putLong((Long) value).array();
    }
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      int es = elementSize(f);
      if (f.getType().isArray()) {
        Object a = fieldValue(f, value);
        for (int k = 0; k < java.lang.reflect.Array.getLength(a); k++) {
          put(out, offsets[i] + k * es, es, element(a, k));
        }
      } else {
        put(out, offsets[i], es, get(f, value));
      }
    }
    return out.array();
  }

  /** {@code {name=value, ...}} for a struct, the number otherwise: a readable, comparable form. */
  String describe(Object value) {
    if (value == null || !isStruct()) {
      return String.valueOf(value);
    }
    StringBuilder sb = new StringBuilder("{");
    for (Field f : fields) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      try {
        Object v = f.get(value);
        sb.append(f.getName()).append('=').append(arrayText(v));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return sb.append('}').toString();
  }

  private Object newInstance() {
    try {
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + type.getName(), e);
    }
  }

  private static void put(ByteBuffer out, int off, int size, long v) {
    switch (size) {
      case 1 -> out.put(off, (byte) v);
      case 2 -> out.putShort(off, (short) v);
      case 4 -> out.putInt(off, (int) v);
      default -> out.putLong(off, v);
    }
  }

  private static long element(Object array, int k) {
    Object e = java.lang.reflect.Array.get(array, k);
    if (e instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (e instanceof Character c) {
      return c;
    }
    return ((Number) e).longValue();
  }

  private static Object fieldValue(Field f, Object o) {
    try {
      return f.get(o);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void zeroArray(Field f, Object o) {
    Object a = fieldValue(f, o);
    for (int k = 0; k < java.lang.reflect.Array.getLength(a); k++) {
      java.lang.reflect.Array.set(a, k, zeroOf(f.getType().getComponentType()));
    }
  }

  private static Object zeroOf(Class<?> t) {
    if (t == boolean.class) {
      return false;
    }
    if (t == char.class) {
      return (char) 0;
    }
    if (t == byte.class) {
      return (byte) 0;
    }
    if (t == short.class) {
      return (short) 0;
    }
    return t == int.class ? (Object) 0 : (Object) 0L;
  }

  private static String arrayText(Object v) {
    if (v instanceof byte[] b) {
      return java.util.Arrays.toString(b);
    }
    if (v != null && v.getClass().isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (int k = 0; k < java.lang.reflect.Array.getLength(v); k++) {
        sb.append(k == 0 ? "" : ", ").append(java.lang.reflect.Array.get(v, k));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
  }

  private static long get(Field f, Object o) {
    try {
      Class<?> t = f.getType();
      if (t == boolean.class) {
        return f.getBoolean(o) ? 1 : 0;
      }
      if (t == char.class) {
        return f.getChar(o);
      }
      return ((Number) f.get(o)).longValue();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void set(Field f, Object o, long v) {
    try {
      Class<?> t = f.getType();
      if (t == boolean.class) {
        f.setBoolean(o, v != 0);
      } else if (t == byte.class) {
        f.setByte(o, (byte) v);
      } else if (t == short.class) {
        f.setShort(o, (short) v);
      } else if (t == char.class) {
        f.setChar(o, (char) v);
      } else if (t == int.class) {
        f.setInt(o, (int) v);
      } else {
        f.setLong(o, v);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
