package io.bpf4j.lang;

/**
 * A BPF map as BPF code sees it. Keys and values are {@code Integer}, {@code Long} or a
 * {@code @Struct} class; boxing a key costs nothing in BPF code.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface BpfMap<K, V> {
  /** {@code BPF_ANY}: create or update. */
  long ANY = 0;

  /** {@code BPF_NOEXIST}: create only. */
  long NOEXIST = 1;

  /** {@code BPF_EXIST}: update only. */
  long EXIST = 2;

  /**
   * {@code bpf_map_lookup_elem}: the value for {@code key}, or null. The returned object is the map
   * value itself: writes to its fields go to the map.
   */
  V lookup(K key);

  /** {@code bpf_map_update_elem}: 0 or a negative errno. */
  int update(K key, V value, long flags);

  /** {@code bpf_map_delete_elem}: 0 or a negative errno. */
  int delete(K key);

  /**
   * {@code bpf_redirect_map}: on a {@code DEVMAP}, {@code DEVMAP_HASH}, {@code CPUMAP} or {@code
   * XSKMAP}, sends the packet to the target under {@code key}; returns {@code Xdp.REDIRECT} or,
   * when there is none, the action in the low bits of {@code flags} (e.g. {@code Xdp.PASS}). The
   * processor refuses it on other map kinds.
   */
  default int redirect(K key, long flags) {
    throw new UnsupportedOperationException(
        "redirect works on DEVMAP, DEVMAP_HASH, CPUMAP and XSKMAP maps");
  }
}
