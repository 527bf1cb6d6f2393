package io.bpf4j.object;

import java.util.List;

/**
 * A BTF-defined map of the {@code .maps} section, as libbpf reads it: {@code struct { __uint(type,
 * ...); __uint(max_entries, ...); __type(key, ...); __type(value, ...); } name SEC(".maps");}.
 *
 * @param name the map's symbol name
 * @param type {@code enum bpf_map_type}
 * @param keySize key size in bytes
 * @param valueSize value size in bytes
 * @param maxEntries {@code max_entries}
 * @param flags {@code map_flags}
 * @param pinning libbpf's {@code pinning}: 0 none, 1 by name
 * @param keyTypeId BTF type id of the key, or 0 when the map has only a size (prog arrays, ring
 *     buffers)
 * @param valueTypeId BTF type id of the value, or 0
 * @param initialValues for prog arrays: the function name to place in each slot, or null for an
 *     empty slot (libbpf's {@code values} member); empty otherwise
 */
public record MapSpec(
    String name,
    int type,
    int keySize,
    int valueSize,
    int maxEntries,
    int flags,
    int pinning,
    int keyTypeId,
    int valueTypeId,
    List<String> initialValues) {

  public static final int TYPE_PROG_ARRAY = 3;
  public static final int TYPE_RINGBUF = 27;

  public MapSpec {
    initialValues = List.copyOf(initialValues.stream().map(v -> v == null ? "" : v).toList());
  }
}
