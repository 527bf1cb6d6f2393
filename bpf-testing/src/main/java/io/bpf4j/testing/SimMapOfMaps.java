package io.bpf4j.testing;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A simulated {@code BPF_MAP_TYPE_ARRAY_OF_MAPS} or {@code HASH_OF_MAPS} ({@code
 * kernel/bpf/arraymap.c}, {@code hashtab.c}, {@code map_in_map.c}). BPF code sees it as a {@code
 * BpfMap<K, BpfMap<K2, V2>>} whose {@link #lookup} returns the held map itself, or null (an array
 * of maps has every index as a key, but an empty slot reads as null); it cannot update or delete
 * entries, which the verifier refuses, so those are a {@link SimulationException}. The test stores
 * maps as user space does, with the runtime's {@code MapOfMapsHandle} names: {@link #newInner},
 * {@link #put}, {@link #delete}, {@link #innerId}, {@link #get}, {@link #keys}.
 *
 * <p>Like the kernel, it takes only maps of the inner shape declared with {@code @InnerMap}: the
 * same map type, key and value types, and for an {@code ARRAY} the same {@code max_entries} (other
 * kinds may differ in size); another shape is an {@link IllegalStateException} with {@code EINVAL}.
 *
 * @param <K> the outer key type: Integer for an array of maps
 */
public final class SimMapOfMaps<K> implements BpfMap<K, BpfMap<?, ?>> {
  private final String name;
  private final MapType type;
  private final int maxEntries;
  private final ValueLayout keys;
  private final InnerShape inner;
  private final CpuView cpus;

  /** By key bytes, in insertion order; an array of maps keys by its index's bytes too. */
  private final Map<KeyBytes, Held> held = new LinkedHashMap<>();

  private record Held(Object key, KernelMap<?, ?> map) {}

  /** What the held maps look like: from {@code @InnerMap} and the field's inner type arguments. */
  record InnerShape(MapType type, int maxEntries, Class<?> keyType, Class<?> valueType) {
    String describe() {
      return type
          + " BpfMap<"
          + keyType.getSimpleName()
          + ", "
          + valueType.getSimpleName()
          + "> of max_entries "
          + maxEntries;
    }
  }

  SimMapOfMaps(
      String name, MapType type, int maxEntries, ValueLayout keys, InnerShape inner, CpuView cpus) {
    this.name = name;
    this.type = type;
    this.maxEntries = maxEntries;
    this.keys = keys;
    this.inner = inner;
    this.cpus = cpus;
  }

  public String name() {
    return name;
  }

  public MapType type() {
    return type;
  }

  public int maxEntries() {
    return maxEntries;
  }

  // ---- BPF code

  /** The map held under {@code key}, or null: what {@code bpf_map_lookup_elem} gives BPF code. */
  @Override
  public BpfMap<?, ?> lookup(K key) {
    if (key == null) {
      throw new NullArgumentException(name, "key");
    }
    Held h = held.get(keyBytes(key));
    return h == null ? null : h.map();
  }

  /** Refused: the verifier lets BPF programs only look up in a map of maps. */
  @Override
  public int update(K key, BpfMap<?, ?> value, long flags) {
    throw readOnlyForPrograms("update");
  }

  private SimulationException readOnlyForPrograms(String what) {
    return new SimulationException(
        "BPF code cannot "
            + what
            + " entries of "
            + type
            + " "
            + name
            + ": the verifier refuses map updates and deletes on maps of maps from programs;"
            + " put and delete inner maps from user space (MapOfMapsHandle, or SimMapOfMaps in a"
            + " test)");
  }

  // ---- the test, as user space

  /**
   * A new, empty map of the inner shape, with keys and values of the given types (which must be the
   * field's inner types). It is the test's own until {@link #put} shares it with BPF code.
   */
  public <K2, V2> SimMap<K2, V2> newInner(Class<K2> keyType, Class<V2> valueType) {
    if (keyType != inner.keyType() || valueType != inner.valueType()) {
      throw new IllegalArgumentException(
          "map of maps "
              + name
              + " holds BpfMap<"
              + inner.keyType().getSimpleName()
              + ", "
              + inner.valueType().getSimpleName()
              + ">, not BpfMap<"
              + keyType.getSimpleName()
              + ", "
              + valueType.getSimpleName()
              + ">");
    }
    @SuppressWarnings("unchecked")
    KernelMap<K2, V2> m =
        (KernelMap<K2, V2>)
            MapFactory.keyValueMap(
                inner.type(),
                name + ".inner",
                inner.maxEntries(),
                inner.keyType(),
                inner.valueType(),
                cpus,
                "the inner maps of " + name);
    return new SimMap<>(m);
  }

  /**
   * Stores {@code map} under {@code key}, replacing the map held there (BPF code's next lookup
   * finds the new one).
   *
   * @throws IllegalStateException with {@code EINVAL} for a map of another shape, {@code E2BIG} for
   *     an index past max_entries or a full hash of maps
   */
  public void put(K key, SimMap<?, ?> map) {
    KernelMap<?, ?> m = map.kernelMap();
    if (!fits(m)) {
      throw new IllegalStateException(
          "update of map of maps "
              + name
              + " failed with -EINVAL: it holds maps of "
              + inner.describe()
              + ", not "
              + new InnerShape(m.type, m.maxEntries, m.keys.type(), m.values.type()).describe()
              + "; create inner maps with newInner");
    }
    KeyBytes k = keyBytes(key);
    if (!inRange(key)
        || (type == MapType.HASH_OF_MAPS && !held.containsKey(k) && held.size() >= maxEntries)) {
      throw new IllegalStateException(
          "update of map of maps "
              + name
              + " failed with -E2BIG: "
              + (type == MapType.ARRAY_OF_MAPS
                  ? "index " + key + " is past max_entries (" + maxEntries + ")"
                  : "the map is full (max_entries " + maxEntries + ")"));
    }
    held.put(k, new Held(keys.copy(key), m));
  }

  /** Whether the kernel's {@code map_meta_equal} takes {@code m}; arrays compare max_entries. */
  private boolean fits(KernelMap<?, ?> m) {
    return m.type == inner.type()
        && m.keys.type() == inner.keyType()
        && m.values.type() == inner.valueType()
        && (!io.bpf4j.object.kernel.MapType.valueOf(m.type.name()).innerMaxEntriesMustMatch(0)
            || m.maxEntries == inner.maxEntries());
  }

  /**
   * From the test: removes the map held under {@code key}, returning 0, or {@code -ENOENT} when
   * none was. From BPF code (during a program run) a {@link SimulationException}: the verifier
   * refuses deletes on maps of maps from programs.
   */
  @Override
  public int delete(K key) {
    if (RunContext.current() != null) {
      throw readOnlyForPrograms("delete");
    }
    if (!inRange(key)) {
      throw new IllegalStateException(
          "delete of map of maps " + name + " failed with -" + Errno.name(Errno.E2BIG));
    }
    return held.remove(keyBytes(key)) != null ? 0 : -Errno.ENOENT;
  }

  /** The simulator's id of the map held under {@code key} (as the kernel answers), or empty. */
  public OptionalInt innerId(K key) {
    Held h = held.get(keyBytes(key));
    return h == null ? OptionalInt.empty() : OptionalInt.of(h.map().id);
  }

  /** The map held under {@code key}, or empty; it is the held map, not a copy. */
  @SuppressWarnings("unchecked")
  public <K2, V2> Optional<SimMap<K2, V2>> get(K key, Class<K2> keyType, Class<V2> valueType) {
    Held h = held.get(keyBytes(key));
    if (h == null) {
      return Optional.empty();
    }
    if (h.map().keys.type() != keyType || h.map().values.type() != valueType) {
      throw new IllegalArgumentException(
          "map of maps " + name + " holds " + inner.describe() + ", not of those types");
    }
    return Optional.of(new SimMap<>((KernelMap<K2, V2>) h.map()));
  }

  /** The keys holding a map, in insertion order. */
  @SuppressWarnings("unchecked")
  public List<K> keys() {
    List<K> out = new ArrayList<>();
    for (Held h : held.values()) {
      out.add((K) keys.copy(h.key()));
    }
    return out;
  }

  private boolean inRange(K key) {
    return type != MapType.ARRAY_OF_MAPS || Integer.compareUnsigned((Integer) key, maxEntries) < 0;
  }

  private KeyBytes keyBytes(K key) {
    if (!keys.type().isInstance(key)) {
      throw new IllegalArgumentException(
          "map of maps "
              + name
              + " has "
              + keys.type().getSimpleName()
              + " keys, not "
              + (key == null ? "null" : key.getClass().getSimpleName()));
    }
    return new KeyBytes(keys.encode(key));
  }

  @Override
  public String toString() {
    return "SimMapOfMaps[" + name + ", " + type + " of " + inner.describe() + "]";
  }
}
