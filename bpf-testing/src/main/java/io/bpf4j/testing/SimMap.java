package io.bpf4j.testing;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated map as a test sees it, with the semantics of the {@code bpf(2)} map commands (what
 * the runtime's {@code MapHandle} does with a kernel map). Values come out and go in as copies;
 * per-CPU maps hold one value per possible CPU: read them with {@link #getPerCpu} and {@link
 * #entriesPerCpu}, and {@link #put} stores the value on every CPU. A failed update throws {@link
 * IllegalStateException} with the kernel's errno.
 *
 * <p>{@code @Struct} classes have no {@code equals}, so maps keyed by structs come out as maps
 * keyed by identity; iterate them, or look keys up with {@link #get}, which compares by value.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SimMap<K, V> {
  private final KernelMap<K, V> map;

  SimMap(KernelMap<K, V> map) {
    this.map = map;
  }

  /** The simulated map itself, for a map of maps that holds it. */
  KernelMap<K, V> kernelMap() {
    return map;
  }

  /** The map's name in the object. */
  public String name() {
    return map.name;
  }

  public MapType type() {
    return map.type;
  }

  public int maxEntries() {
    return map.maxEntries;
  }

  @SuppressWarnings("unchecked")
  public Class<K> keyType() {
    return (Class<K>) map.keys.type();
  }

  @SuppressWarnings("unchecked")
  public Class<V> valueType() {
    return (Class<V>) map.values.type();
  }

  /** Whether the map holds one value per CPU. */
  public boolean isPerCpu() {
    return map.perCpu;
  }

  /** The map as BPF code sees it (the object in the program's static field). */
  public BpfMap<K, V> bpfView() {
    return map;
  }

  /** A copy of the value under {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public V get(K key) {
    requireSingleValue();
    List<Object> v = map.userLookup(key);
    return v == null ? null : (V) v.get(0);
  }

  /** Copies of the values under {@code key}, one per possible CPU, or null. */
  @SuppressWarnings("unchecked")
  public List<V> getPerCpu(K key) {
    return (List<V>) map.userLookup(key);
  }

  /** Stores a copy of {@code value} (on every CPU of a per-CPU map), {@code BpfMap.ANY}. */
  public void put(K key, V value) {
    put(key, value, BpfMap.ANY);
  }

  /** Stores with {@code BpfMap.ANY}, {@code NOEXIST} or {@code EXIST}. */
  public void put(K key, V value, long flags) {
    List<V> values = new ArrayList<>();
    for (int i = 0; i < map.slots(); i++) {
      values.add(value);
    }
    check(map.userUpdate(key, values, flags), "update");
  }

  /** Stores one value per possible CPU. */
  public void putPerCpu(K key, List<V> values) {
    if (!map.perCpu || values.size() != map.slots()) {
      throw new IllegalArgumentException(
          "map "
              + name()
              + (map.perCpu
                  ? " needs one value for each of its " + map.slots() + " possible CPUs"
                  : " is not per-CPU; use put"));
    }
    check(map.userUpdate(key, values, BpfMap.ANY), "update");
  }

  /**
   * Deletes {@code key}; false when it was not there.
   *
   * @throws UnsupportedOperationException for array maps, which the kernel never deletes from
   */
  public boolean delete(K key) {
    if (map instanceof ArrayMap) {
      throw new UnsupportedOperationException(
          "map " + name() + " is an array: its elements cannot be deleted (EINVAL)");
    }
    return map.userDelete(key) == 0;
  }

  /** Copies of every key, in the map's order (arrays by index, hash maps oldest first). */
  @SuppressWarnings("unchecked")
  public List<K> keys() {
    List<K> out = new ArrayList<>();
    for (KernelMap.Element e : map.elements()) {
      out.add((K) map.keys.copy(e.key));
    }
    return out;
  }

  /** The number of elements (every index of an array). */
  public int size() {
    return map.elements().size();
  }

  /** Copies of every entry, in the map's order. */
  @SuppressWarnings("unchecked")
  public Map<K, V> entries() {
    requireSingleValue();
    Map<K, V> out = new LinkedHashMap<>();
    for (KernelMap.Element e : map.elements()) {
      out.put((K) map.keys.copy(e.key), (V) map.copies(e).get(0));
    }
    return out;
  }

  /** Copies of every entry of a per-CPU map, one value per possible CPU. */
  @SuppressWarnings("unchecked")
  public Map<K, List<V>> entriesPerCpu() {
    Map<K, List<V>> out = new LinkedHashMap<>();
    for (KernelMap.Element e : map.elements()) {
      out.put((K) map.keys.copy(e.key), (List<V>) map.copies(e));
    }
    return out;
  }

  /** {@code {key=value, ...}} with struct fields spelled out, for assertions and messages. */
  public String describe() {
    StringBuilder sb = new StringBuilder("{");
    for (KernelMap.Element e : map.elements()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(map.keys.describe(e.key)).append('=');
      List<Object> vs = map.copies(e);
      if (map.perCpu) {
        sb.append('[');
        for (int i = 0; i < vs.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(map.values.describe(vs.get(i)));
        }
        sb.append(']');
      } else {
        sb.append(map.values.describe(vs.get(0)));
      }
    }
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return "SimMap[" + name() + ", " + type() + "]";
  }

  private void requireSingleValue() {
    if (map.perCpu) {
      throw new IllegalStateException(
          "map " + name() + " is per-CPU: use getPerCpu / entriesPerCpu");
    }
  }

  private void check(int result, String what) {
    if (result != 0) {
      throw new IllegalStateException(
          what + " of map " + name() + " failed with " + Errno.describeResult(result));
    }
  }
}
