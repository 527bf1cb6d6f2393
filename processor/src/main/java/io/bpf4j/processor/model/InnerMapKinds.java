package io.bpf4j.processor.model;

/**
 * Which maps a map of maps may hold, as the kernel decides when it creates the outer map from a
 * template ({@code kernel/bpf/map_in_map.c}, {@code bpf_map_meta_alloc}) — checked on a 6.18 kernel
 * by creating an {@code ARRAY_OF_MAPS} with each kind as its {@code inner_map_fd} — and which of
 * those a {@code BpfMap<K2, V2>} can describe.
 */
final class InnerMapKinds {
  private InnerMapKinds() {}

  /** Why maps of kind {@code type} cannot be inner maps, or null when they can. */
  static String refusal(String type) {
    return switch (type) {
      case "HASH",
              "ARRAY",
              "PERCPU_HASH",
              "PERCPU_ARRAY",
              "LRU_HASH",
              "LRU_PERCPU_HASH",
              "LPM_TRIE" ->
          null;
        // No map_meta_equal: the kernel answers ENOTSUPP (a prog array's owner program type is
        // bound at run time, which a template cannot check).
      case "PROG_ARRAY" -> "the kernel refuses prog arrays as inner maps";
        // The template may not itself hold maps: EINVAL.
      case "ARRAY_OF_MAPS", "HASH_OF_MAPS" ->
          "the kernel allows one level of maps of maps only, so inner maps cannot hold maps";
      default ->
          "a BpfMap<K2, V2> inner map is a key-value map, and "
              + type
              + " maps are used from BPF code through their own types, not as a BpfMap";
    };
  }
}
