package io.bpf4j.testing;

import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.Errno;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code BPF_MAP_TYPE_HASH}, {@code PERCPU_HASH}, {@code LRU_HASH} and {@code LRU_PERCPU_HASH}
 * ({@code kernel/bpf/hashtab.c}). Flags are checked before space: {@code NOEXIST} on a present key
 * is {@code -EEXIST}, {@code EXIST} on a missing one {@code -ENOENT}; a new key in a full map is
 * {@code -E2BIG}, except that LRU maps evict their least recently used element. Updating a present
 * key replaces the element (a looked-up value keeps the old contents), except in per-CPU maps, and
 * with {@code BPF_F_LOCK} (values holding a {@code BpfSpinLock}), which copy into it in place.
 *
 * <p>The kernel's LRU is an approximation (per-CPU free lists, active and inactive lists), which
 * can evict before the map is full; this one is exact: lookups and updates by BPF code make an
 * element the most recently used, and only a full map evicts.
 *
 * <p>{@code LPM_TRIE} ({@code kernel/bpf/lpm_trie.c}) is kept here too: a key is a little-endian
 * {@code u32} prefix length and data bytes compared most significant bit first; elements are stored
 * by their prefix (bits past the prefix length cleared), a lookup returns the element of the
 * longest prefix that matches the key's first prefix-length bits, a prefix length beyond the data
 * is {@code -EINVAL} for updates and deletes and finds nothing on lookup, and a new prefix in a
 * full trie is {@code -ENOSPC}.
 */
final class HashTable<K, V> extends KernelMap<K, V> {
  private final boolean lru;

  /** By key bytes; for LRU maps in use order, least recently used first. */
  private final LinkedHashMap<KeyBytes, Element> elements = new LinkedHashMap<>();

  HashTable(
      String name,
      MapType type,
      int maxEntries,
      ValueLayout keys,
      ValueLayout values,
      CpuView cpus) {
    super(
        name,
        type,
        maxEntries,
        keys,
        values,
        type == MapType.PERCPU_HASH || type == MapType.LRU_PERCPU_HASH,
        cpus);
    this.lru = type == MapType.LRU_HASH || type == MapType.LRU_PERCPU_HASH;
    this.lpm = type == MapType.LPM_TRIE;
  }

  private final boolean lpm;

  /** The key's bytes; for an LPM trie its prefix, or null when the prefix length is too long. */
  private KeyBytes bytes(Object key) {
    requireKey(key);
    byte[] b = keys.encode(key);
    if (!lpm) {
      return new KeyBytes(b);
    }
    long plen = prefixLen(b);
    if (plen > 8L * (b.length - 4)) {
      return null;
    }
    for (int bit = (int) plen; bit < 8 * (b.length - 4); bit++) {
      b[4 + bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new KeyBytes(b);
  }

  private static long prefixLen(byte[] b) {
    return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
  }

  /**
   * The element of the longest prefix matching {@code key}'s bytes, or null; null too when the
   * key's prefix length is beyond its data bits, as the kernel's lookup refuses such a key (found
   * by the simulator-vs-kernel test: it is not clamped).
   */
  private Element longestMatch(Object key) {
    requireKey(key);
    byte[] q = keys.encode(key);
    long qlen = prefixLen(q);
    if (qlen > 8L * (q.length - 4)) {
      return null;
    }
    Element best = null;
    long bestLen = -1;
    for (java.util.Map.Entry<KeyBytes, Element> en : elements.entrySet()) {
      byte[] p = en.getKey().bytes();
      long plen = prefixLen(p);
      if (plen > qlen || plen <= bestLen) {
        continue;
      }
      boolean match = true;
      for (int bit = 0; bit < plen && match; bit++) {
        int mask = 0x80 >>> (bit % 8);
        match = (p[4 + bit / 8] & mask) == (q[4 + bit / 8] & mask);
      }
      if (match) {
        best = en.getValue();
        bestLen = plen;
      }
    }
    return best;
  }

  /** Makes {@code e} the most recently used element. */
  private void touch(KeyBytes k, Element e) {
    if (lru) {
      elements.remove(k);
      elements.put(k, e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public V lookup(K key) {
    requireNonNull(key, "key");
    if (lpm) {
      Element m = longestMatch(key);
      return m == null ? null : (V) valuesOf(m)[slot()];
    }
    KeyBytes k = bytes(key);
    Element e = elements.get(k);
    if (e == null) {
      return null;
    }
    touch(k, e);
    return (V) valuesOf(e)[slot()];
  }

  @Override
  public int update(K key, V value, long flags) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    KeyBytes k = bytes(key);
    requireValue(value);
    int slot = slot();
    return store(k, key, flags, e -> storeInPlace(e, slot, value), () -> freshValues(slot, value));
  }

  @Override
  public int delete(K key) {
    requireNonNull(key, "key");
    return userDelete(key);
  }

  @Override
  List<Object> userLookup(Object key) {
    Element e = lpm ? longestMatch(key) : elements.get(bytes(key));
    return e == null ? null : copies(e);
  }

  @Override
  int userUpdate(Object key, List<?> newValues, long flags) {
    requireKey(key);
    int refused = Redirects.checkArrayUpdate(this, key, flags);
    if (refused != 0) {
      return refused;
    }
    KeyBytes k = bytes(key);
    newValues.forEach(this::requireValue);
    return store(
        k,
        key,
        flags,
        e -> {
          for (int c = 0; c < slots(); c++) {
            storeInPlace(e, c, newValues.get(c));
          }
        },
        () -> userValues(newValues));
  }

  @Override
  int userDelete(Object key) {
    requireKey(key);
    int arrayDelete = Redirects.checkArrayDelete(this, key);
    if (arrayDelete <= 0) {
      return arrayDelete == Redirects.DELETE_EMPTY_SLOT ? 0 : arrayDelete;
    }
    KeyBytes k = bytes(key);
    if (k == null) {
      return -Errno.EINVAL;
    }
    return elements.remove(k) == null ? -Errno.ENOENT : 0;
  }

  @Override
  List<Element> elements() {
    return new ArrayList<>(elements.values());
  }

  /**
   * The update path shared by programs and user space: flags, then space, then either an in-place
   * copy (per-CPU maps, present key) or a new element replacing any old one.
   */
  private int store(
      KeyBytes k,
      Object key,
      long flags,
      java.util.function.Consumer<Element> inPlace,
      java.util.function.Supplier<Object[]> fresh) {
    if (invalidUpdateFlags(flags) || k == null) {
      return -Errno.EINVAL;
    }
    // Only a HASH map's values can hold a lock (the kernel refuses one in other kinds at load).
    boolean lock = (flags & F_LOCK) != 0;
    long mode = flags & ~F_LOCK;
    Element old = elements.get(k);
    if (old != null && mode == NOEXIST) {
      return -Errno.EEXIST;
    }
    if (old == null && mode == EXIST) {
      return -Errno.ENOENT;
    }
    if (old != null && (perCpu || lock)) {
      // Per-CPU maps, and BPF_F_LOCK updates, copy into the present element: a value looked up
      // before sees the new contents.
      inPlace.accept(old);
      touch(k, old);
      return 0;
    }
    if (old == null && elements.size() >= maxEntries) {
      if (!lru) {
        return lpm ? -Errno.ENOSPC : -Errno.E2BIG;
      }
      Iterator<KeyBytes> eldest = elements.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    elements.remove(k);
    elements.put(k, new Element(keys.copy(key), fresh.get()));
    return 0;
  }
}
