package io.bpf4j.runtime;

import io.bpf4j.object.DataVariable;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.maps.TypeShape;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of one global variable ({@code @Global}/{@code @Config}, or a C global) as a Java
 * value, checked against the variable's BTF type: {@code Long}, {@code Integer}, {@code Short},
 * {@code Byte}, {@code Boolean} and {@code Character} need an integer of their size (8, 4, 2, 1, 1,
 * 2 bytes), a primitive array an array of integers of the element's size and of the same length, a
 * {@code @Struct} class a struct whose members it names (the maps' {@link Codecs codec}).
 */
final class VariableCodec<T> {
  private final Class<T> type;
  private final int size;
  private final Codec<T> struct;
  private final int length;

  private VariableCodec(Class<T> type, int size, Codec<T> struct, int length) {
    this.type = type;
    this.size = size;
    this.struct = struct;
    this.length = length;
  }

  /**
   * The codec of variable {@code v} as {@code type}, or a {@link BpfException} naming the field,
   * its C type and the Java type when they do not match.
   */
  static <T> VariableCodec<T> of(Class<T> type, DataVariable v, Btf btf) {
    Class<?> boxed = boxed(type);
    int typeId = btf == null ? 0 : btf.resolveId(v.btfTypeId());
    BtfType t = typeId == 0 ? null : btf.type(typeId);
    if (scalarSize(boxed) > 0) {
      int javaSize = scalarSize(boxed);
      if (v.size() != javaSize || (t != null && !TypeShape.isInteger(btf, typeId))) {
        throw mismatch(v, btf, type);
      }
      @SuppressWarnings("unchecked")
      Class<T> b = (Class<T>) boxed;
      return new VariableCodec<>(b, javaSize, null, 0);
    }
    if (type.isArray() && type.getComponentType().isPrimitive()) {
      int elem = scalarSize(boxed(type.getComponentType()));
      if (elem <= 0 || v.size() % elem != 0) {
        throw mismatch(v, btf, type);
      }
      if (t != null) {
        if (!(t instanceof BtfType.Array a)
            || !TypeShape.isInteger(btf, a.elementType())
            || btf.sizeOf(a.elementType()) != elem) {
          throw mismatch(v, btf, type);
        }
      }
      return new VariableCodec<>(type, v.size(), null, v.size() / elem);
    }
    if (type.isPrimitive() || type.isArray() || type.isInterface() || boxed != type) {
      throw mismatch(v, btf, type);
    }
    if (t != null && !TypeShape.isStruct(btf, typeId)) {
      throw mismatch(v, btf, type);
    }
    try {
      Codec<T> codec = Codecs.of(type, v.size(), btf, typeId, "variable " + v.name());
      return new VariableCodec<>(type, v.size(), codec, 0);
    } catch (BpfException e) {
      throw new BpfException(
          0,
          "global "
              + v.name()
              + " is "
              + cType(btf, v.btfTypeId())
              + ", which "
              + type.getTypeName()
              + " does not describe: "
              + e.getMessage(),
          e);
    }
  }

  /** Checks that {@code value} (as given to {@code BpfLoader.config}) fits {@code v}; its bytes. */
  static byte[] encodeChecked(String field, Object value, DataVariable v, Btf btf) {
    if (value == null) {
      throw new BpfException(0, "config " + field + ": null is no value for a global");
    }
    @SuppressWarnings("unchecked")
    VariableCodec<Object> codec = (VariableCodec<Object>) of(value.getClass(), v, btf);
    codec.checkLength(value, v, btf);
    byte[] out = new byte[v.size()];
    codec.encode(value, out);
    return out;
  }

  int size() {
    return size;
  }

  Class<T> type() {
    return type;
  }

  /** Whether the value is one aligned-able 4- or 8-byte number (read and written as one word). */
  boolean isWord() {
    return struct == null && length == 0 && (size == 4 || size == 8);
  }

  void checkLength(T value, DataVariable v, Btf btf) {
    if (length > 0 && Array.getLength(value) != length) {
      throw new BpfException(
          0,
          "global "
              + v.name()
              + " is "
              + cType(btf, v.btfTypeId())
              + " ("
              + length
              + " elements), but the "
              + value.getClass().getSimpleName()
              + " has "
              + Array.getLength(value));
    }
  }

  void encode(T value, byte[] out) {
    if (struct != null) {
      struct.encode(value, out, 0);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    if (length > 0) {
      for (int i = 0; i < length; i++) {
        putScalar(b, Array.get(value, i));
      }
    } else {
      putScalar(b, value);
    }
  }

  T decode(byte[] in) {
    if (struct != null) {
      return struct.decode(in, 0);
    }
    ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
    if (length > 0) {
      Object array = Array.newInstance(type.getComponentType(), length);
      for (int i = 0; i < length; i++) {
        Array.set(array, i, getScalar(b, boxed(type.getComponentType())));
      }
      return type.cast(array);
    }
    return type.cast(getScalar(b, type));
  }

  private static void putScalar(ByteBuffer b, Object v) {
    if (v instanceof Long l) {
      b.putLong(l);
    } else if (v instanceof Integer i) {
      b.putInt(i);
    } else if (v instanceof Short s) {
      b.putShort(s);
    } else if (v instanceof Character c) {
      b.putChar(c);
    } else if (v instanceof Byte x) {
      b.put(x);
    } else if (v instanceof Boolean z) {
      b.put((byte) (z ? 1 : 0));
    } else {
      throw new IllegalArgumentException(String.valueOf(v));
    }
  }

  private static Object getScalar(ByteBuffer b, Class<?> t) {
    if (t == Long.class) {
      return b.getLong();
    } else if (t == Integer.class) {
      return b.getInt();
    } else if (t == Short.class) {
      return b.getShort();
    } else if (t == Character.class) {
      return b.getChar();
    } else if (t == Byte.class) {
      return b.get();
    } else {
      return b.get() != 0;
    }
  }

  private static int scalarSize(Class<?> boxed) {
    if (boxed == Long.class) {
      return 8;
    }
    if (boxed == Integer.class) {
      return 4;
    }
    if (boxed == Short.class || boxed == Character.class) {
      return 2;
    }
    if (boxed == Byte.class || boxed == Boolean.class) {
      return 1;
    }
    return 0;
  }

  private static Class<?> boxed(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    if (t == long.class) {
      return Long.class;
    }
    if (t == int.class) {
      return Integer.class;
    }
    if (t == short.class) {
      return Short.class;
    }
    if (t == char.class) {
      return Character.class;
    }
    if (t == byte.class) {
      return Byte.class;
    }
    if (t == boolean.class) {
      return Boolean.class;
    }
    return t;
  }

  private static BpfException mismatch(DataVariable v, Btf btf, Class<?> type) {
    return new BpfException(
        0,
        "global "
            + v.name()
            + " is "
            + cType(btf, v.btfTypeId())
            + " ("
            + v.size()
            + " bytes), not a "
            + type.getTypeName()
            + hint(btf, v));
  }

  private static String hint(Btf btf, DataVariable v) {
    int id = btf == null ? 0 : btf.resolveId(v.btfTypeId());
    BtfType t = id == 0 ? null : btf.type(id);
    if (t instanceof BtfType.Struct) {
      return "; use the @Struct class of the field";
    }
    if (t instanceof BtfType.Array a) {
      int n = a.count();
      return "; use a primitive array of " + n + " elements";
    }
    return switch (v.size()) {
      case 8 -> "; use a Long";
      case 4 -> "; use an Integer";
      case 2 -> "; use a Short or Character";
      case 1 -> "; use a Byte or Boolean";
      default -> "";
    };
  }

  /** The C name of a variable's type: {@code int}, {@code long long[4]}, {@code struct Stats}. */
  static String cType(Btf btf, int typeId) {
    if (btf == null || typeId == 0) {
      return "an untyped variable";
    }
    int id = btf.resolveId(typeId);
    BtfType t = id == 0 ? null : btf.type(id);
    if (t instanceof BtfType.Int i) {
      return i.name();
    }
    if (t instanceof BtfType.Array a) {
      return cType(btf, a.elementType()) + "[" + Integer.toUnsignedLong(a.count()) + "]";
    }
    if (t instanceof BtfType.Struct s) {
      return "struct " + s.name();
    }
    return TypeShape.of(btf, typeId);
  }
}
