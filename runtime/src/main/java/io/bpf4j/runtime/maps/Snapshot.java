package io.bpf4j.runtime.maps;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only snapshot of a map's entries, in the kernel's order, kept in two arrays. Building a
 * hash map of a million entries would cost more than reading them from the kernel, so the hash
 * index is only built when a lookup ({@link #get}, {@link #containsKey}) first needs it.
 */
public final class Snapshot<K, V> extends AbstractMap<K, V> {
  private Object[] keys = new Object[16];
  private Object[] values = new Object[16];
  private int size;
  private Map<K, V> index;

  /** Appends an entry while reading; a snapshot is not modified after it is handed out. */
  public void add(K key, V value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size] = value;
    size++;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    return index().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return index().containsKey(key);
  }

  @SuppressWarnings("unchecked")
  private Map<K, V> index() {
    if (index == null) {
      Map<K, V> m = new HashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
      for (int i = 0; i < size; i++) {
        m.put((K) keys[i], (V) values[i]);
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
          @SuppressWarnings("unchecked")
          public Entry<K, V> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>((K) keys[i], (V) values[i]);
          }
        };
      }
    };
  }
}
