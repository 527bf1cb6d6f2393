package io.bpf4j.runtime.maps;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.runtime.BpfException;

/** Picks the codec for a key or value class of a map. */
public final class Codecs {
  private Codecs() {}

  /**
   * The codec of {@code type} for entries of {@code size} bytes, laid out by BTF type {@code
   * btfTypeId} of {@code btf} when both are known.
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> of(Class<T> type, int size, Btf btf, int btfTypeId) {
    if (type == Integer.class) {
      check(type, 4, size);
      return (Codec<T>) ScalarCodecs.INT;
    }
    if (type == Long.class) {
      check(type, 8, size);
      return (Codec<T>) ScalarCodecs.LONG;
    }
    if (type.isPrimitive() || type.isArray() || type.isInterface()) {
      throw new BpfException(
          0, "map keys and values are Integer, Long or a @Struct class, not " + type.getName());
    }
    if (btf != null && btfTypeId != 0) {
      return StructCodec.fromBtf(type, btf, btfTypeId, size);
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

  private static void check(Class<?> type, int javaSize, int size) {
    if (javaSize != size) {
      throw new BpfException(
          0,
          "the map's entries have "
              + size
              + " bytes, but "
              + type.getSimpleName()
              + " has "
              + javaSize
              + "; use a type of that size");
    }
  }
}
