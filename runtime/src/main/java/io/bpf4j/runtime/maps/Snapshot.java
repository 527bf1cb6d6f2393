package io.bpf4j.runtime.maps;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only snapshot of a map's entries, in the kernel's order, kept in fixed-size chunks of keys
 * and values (no copying as it grows, no huge arrays for the garbage collector). Building a hash
 * map of a million entries would cost more than reading them from the kernel, so the hash index is
 * only built when a lookup ({@link #get}, {@link #containsKey}) first needs it.
 */
public final class Snapshot<K, V> extends AbstractMap<K, V> {
  private static final int CHUNK = 4096;

  private final List<Object[]> keys = new ArrayList<>();
  private final List<Object[]> values = new ArrayList<>();
  private int size;
  private Map<K, V> index;

  /** Appends an entry while reading; a snapshot is not modified after it is handed out. */
  public void add(K key, V value) {
    int slot = size % CHUNK;
    if (slot == 0) {
      keys.add(new Object[CHUNK]);
      values.add(new Object[CHUNK]);
    }
    keys.get(size / CHUNK)[slot] = key;
    values.get(size / CHUNK)[slot] = value;
    size++;
  }

  @SuppressWarnings("unchecked")
  private K key(int i) {
    return (K) keys.get(i / CHUNK)[i % CHUNK];
  }

  @SuppressWarnings("unchecked")
  private V value(int i) {
    return (V) values.get(i / CHUNK)[i % CHUNK];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public V get(Object key) {
    return index().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return index().containsKey(key);
  }

  private Map<K, V> index() {
    if (index == null) {
      Map<K, V> m = new HashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
      for (int i = 0; i < size; i++) {
        m.put(key(i), value(i));
      }
      index = m;
    }
    return index;
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<K, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<K, V> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(key(i), value(i));
          }
        };
      }
    };
  }
}
