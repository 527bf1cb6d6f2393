package io.bpf4j.processor.model;

import java.util.List;

/**
 * A {@code @Map} field.
 *
 * @param fieldName the Java field
 * @param name the map's name in the object
 * @param type the kernel map type id
 * @param typeName the {@code MapType} constant's name
 * @param key the key type, or null for maps without BTF key (prog arrays, ring buffers, perf event
 *     arrays)
 * @param value the value type, or null likewise; for ring buffers and perf event arrays the record
 *     type their output copies, which is not the kernel map's value
 * @param tailCallSlots for prog arrays: per slot, the program placed there by
 *     {@code @TailCallTarget}, or null
 * @param inner for maps of maps: the maps they hold ({@code @InnerMap} and the field's {@code
 *     BpfMap<K, BpfMap<K2, V2>>}); null for other maps. A map of maps' own {@link #value} is null:
 *     its slots hold map file descriptors
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
    List<String> tailCallSlots,
    MapModel inner) {

  /** A map that holds no maps. */
  public MapModel(
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
    this(
        fieldName,
        name,
        type,
        typeName,
        maxEntries,
        flags,
        pinning,
        key,
        value,
        tailCallSlots,
        null);
  }

  /** Whether the map is an {@code ARRAY_OF_MAPS} or a {@code HASH_OF_MAPS}. */
  public boolean isMapOfMaps() {
    return inner != null;
  }

  public boolean isProgArray() {
    return typeName.equals("PROG_ARRAY");
  }

  public boolean isRingBuf() {
    return typeName.equals("RINGBUF");
  }

  public boolean isPerfEventArray() {
    return typeName.equals("PERF_EVENT_ARRAY");
  }

  /** Whether {@code bpf_redirect_map} takes the map: a device, CPU or AF_XDP socket map. */
  public boolean isRedirectTarget() {
    return io.bpf4j.object.kernel.MapType.valueOf(typeName).redirectTarget();
  }

  /** Whether the map is a {@code QUEUE} or {@code STACK}: values without keys. */
  public boolean isQueueOrStack() {
    return typeName.equals("QUEUE") || typeName.equals("STACK");
  }

  /** Whether the map's {@link #value} is the type of the records a program outputs. */
  public boolean holdsRecords() {
    return isRingBuf() || isPerfEventArray();
  }

  /**
   * Key size in bytes (4 for prog arrays and perf event arrays, 0 for ring buffers, queues and
   * stacks).
   */
  public int keySize() {
    if (isRingBuf() || isQueueOrStack()) {
      return 0;
    }
    return isPerfEventArray() || key == null ? 4 : key.size();
  }

  /**
   * Value size in bytes (4 for prog arrays and perf event arrays, whose values are file
   * descriptors; 0 for ring buffers).
   */
  public int valueSize() {
    return isRingBuf() ? 0 : isPerfEventArray() || value == null ? 4 : value.size();
  }
}
