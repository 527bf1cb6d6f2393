package io.bpf4j.runtime.maps;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.runtime.BpfException;

/**
 * Picks the codec for a key or value class of a map, and checks that the class describes the map's
 * bytes. With BTF (the map was created with a key or value type id), the check is by type: an
 * {@code Integer} or {@code Long} needs an integer of its size, a {@code @Struct} class needs a
 * struct whose members it names, one by one, with fields of the members' sizes. Without BTF (maps
 * created by tools that pass none), only the sizes can be compared, as libbpf's {@code
 * bpf_map__lookup_elem} does: an 8-byte struct then reads as a {@code Long}.
 */
public final class Codecs {
  private Codecs() {}

  /**
   * The codec of {@code type} for entries of {@code size} bytes, laid out by BTF type {@code
   * btfTypeId} of {@code btf} when both are known.
   */
  public static <T> Codec<T> of(Class<T> type, int size, Btf btf, int btfTypeId) {
    return of(type, size, btf, btfTypeId, "key or value");
  }

  /**
   * As {@link #of(Class, int, Btf, int)}; {@code role} ("key" or "value") names the part of the map
   * in messages.
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> of(Class<T> type, int size, Btf btf, int btfTypeId, String role) {
    boolean typed = btf != null && btfTypeId != 0;
    if (type == Integer.class || type == Long.class) {
      check(type, type == Integer.class ? 4 : 8, size, role);
      if (typed && !TypeShape.isInteger(btf, btfTypeId)) {
        throw new BpfException(
            0,
            "the map's "
                + role
                + " type is "
                + TypeShape.of(btf, btfTypeId)
                + ", not an integer; "
                + type.getSimpleName()
                + " would read its bytes as one number. Use a @Struct class with fields of the"
                + " same names and sizes");
      }
      return (Codec<T>) (type == Integer.class ? ScalarCodecs.INT : ScalarCodecs.LONG);
    }
    if (type.isPrimitive() || type.isArray() || type.isInterface()) {
      throw new BpfException(
          0, "map keys and values are Integer, Long or a @Struct class, not " + type.getName());
    }
    if (typed) {
      return StructCodec.fromBtf(type, btf, btfTypeId, size, role);
    }
    return StructCodec.natural(type, size);
  }

  /**
   * The codec of an event record (a ring buffer or perf buffer record, which has no BTF type):
   * Integer, Long, or a {@code @Struct} class laid out by the C layout rule in declaration order,
   * as the processor lays it out for BPF code.
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> record(Class<T> type) {
    if (type == Integer.class) {
      return (Codec<T>) ScalarCodecs.INT;
    }
    if (type == Long.class) {
      return (Codec<T>) ScalarCodecs.LONG;
    }
    if (type.isPrimitive() || type.isArray() || type.isInterface()) {
      throw new BpfException(
          0, "event records are byte[], Integer, Long or a @Struct class, not " + type.getName());
    }
    return StructCodec.natural(type);
  }

  private static void check(Class<?> type, int javaSize, int size, String role) {
    if (javaSize != size) {
      throw new BpfException(
          0,
          "the map's "
              + role
              + " has "
              + size
              + " bytes, but "
              + type.getSimpleName()
              + " has "
              + javaSize
              + "; use a type of that size");
    }
  }
}
