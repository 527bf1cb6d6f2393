package io.bpf4j.testing;

import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code BPF_MAP_TYPE_ARRAY} and {@code BPF_MAP_TYPE_PERCPU_ARRAY} ({@code kernel/bpf/arraymap.c}):
 * every index below {@code max_entries} exists from the start, zero-filled; an update copies into
 * the element in place; nothing can be deleted.
 */
final class ArrayMap<K, V> extends KernelMap<K, V> {
  /** Elements are created on first use; a missing one reads as zero. */
  private final Element[] elements;

  ArrayMap(String name, MapType type, int maxEntries, ValueLayout values, CpuView cpus) {
    super(
        name,
        type,
        maxEntries,
        ValueLayout.of(Integer.class),
        values,
        type == MapType.PERCPU_ARRAY,
        cpus);
    this.elements = new Element[maxEntries];
  }

  /** The index of {@code key}, or -1 when it is out of range (the kernel compares as u32). */
  private int index(Object key) {
    requireKey(key);
    int i = (Integer) key;
    return Integer.compareUnsigned(i, maxEntries) < 0 ? i : -1;
  }

  private Element element(int i) {
    if (elements[i] == null) {
      Object[] vs = new Object[slots()];
      for (int c = 0; c < vs.length; c++) {
        vs[c] = values.zero();
      }
      elements[i] = new Element(i, vs);
    }
    return elements[i];
  }

  @Override
  @SuppressWarnings("unchecked")
  public V lookup(K key) {
    requireNonNull(key, "key");
    int i = index(key);
    return i < 0 ? null : (V) valuesOf(element(i))[slot()];
  }

  @Override
  public int update(K key, V value, long flags) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    int i = index(key);
    // The kernel's order: unknown flags, the index, NOEXIST (every index exists), then BPF_F_LOCK
    // without a lock in the value; with one the copy below is the locked in-place copy.
    if (unknownFlags(flags & ~F_LOCK)) {
      return -Errno.EINVAL;
    }
    if (i < 0) {
      return -Errno.E2BIG;
    }
    if ((flags & NOEXIST) != 0) {
      return -Errno.EEXIST;
    }
    if (invalidUpdateFlags(flags)) {
      return -Errno.EINVAL;
    }
    requireValue(value);
    storeInPlace(element(i), slot(), value);
    return 0;
  }

  @Override
  public int delete(K key) {
    requireNonNull(key, "key");
    return -Errno.EINVAL;
  }

  @Override
  List<Object> userLookup(Object key) {
    int i = index(key);
    return i < 0 ? null : copies(element(i));
  }

  @Override
  int userUpdate(Object key, List<?> newValues, long flags) {
    // bpf(2) refuses BPF_F_LOCK without a lock in the value before the map sees the flags.
    if (invalidUpdateFlags(flags)) {
      return -Errno.EINVAL;
    }
    int i = index(key);
    if (i < 0) {
      return -Errno.E2BIG;
    }
    if ((flags & NOEXIST) != 0) {
      return -Errno.EEXIST;
    }
    Element e = element(i);
    for (int c = 0; c < slots(); c++) {
      requireValue(newValues.get(c));
      storeInPlace(e, c, newValues.get(c));
    }
    return 0;
  }

  @Override
  int userDelete(Object key) {
    return -Errno.EINVAL;
  }

  @Override
  List<Element> elements() {
    List<Element> out = new ArrayList<>(maxEntries);
    for (int i = 0; i < maxEntries; i++) {
      out.add(element(i));
    }
    return out;
  }
}
