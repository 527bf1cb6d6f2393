package io.bpf4j.processor.model;

import java.util.List;

/**
 * A {@code @Map} field.
 *
 * @param fieldName the Java field
 * @param name the map's name in the object
 * @param type the kernel map type id
 * @param typeName the {@code MapType} constant's name
 * @param key the key type, or null for maps without BTF key (prog arrays, ring buffers)
 * @param value the value type, or null likewise
 * @param tailCallSlots for prog arrays: per slot, the program placed there by
 *     {@code @TailCallTarget}, or null
 */
public record MapModel(
    String fieldName,
    String name,
    int type,
    String typeName,
    int maxEntries,
    int flags,
    int pinning,
    ValueType key,
    ValueType value,
    List<String> tailCallSlots) {

  public boolean isProgArray() {
    return typeName.equals("PROG_ARRAY");
  }

  public boolean isRingBuf() {
    return typeName.equals("RINGBUF");
  }

  /** Key size in bytes (4 for prog arrays, 0 for ring buffers and other maps without keys). */
  public int keySize() {
    if (isRingBuf()) {
      return 0;
    }
    if (key == null) {
      return io.bpf4j.object.kernel.MapType.valueOf(typeName).keyless() ? 0 : 4;
    }
    return key.size();
  }

  /**
   * Value size in bytes (4 for prog arrays, 0 for ring buffers, whose {@code value} is the record
   * type that {@code output} copies).
   */
  public int valueSize() {
    return isRingBuf() ? 0 : value == null ? 4 : value.size();
  }
}
