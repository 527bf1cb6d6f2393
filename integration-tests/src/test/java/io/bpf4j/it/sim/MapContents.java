package io.bpf4j.it.sim;

import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.lang.MapType;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The key/value maps of a simulator and of the kernel object loaded from the same class, written as
 * text that compares equal when the contents are equal (entries sorted by key, struct fields
 * spelled out, per-CPU values listed), and the same random starting contents put into both.
 */
final class MapContents {
  private MapContents() {}

  /** Map name to its contents, from the simulator. */
  static Map<String, String> simulated(BpfSimulator sim, Set<String> ignoredFields) {
    Map<String, String> out = new TreeMap<>();
    for (SimMap<?, ?> m : sim.maps()) {
      Map<String, String> entries = new TreeMap<>();
      if (m.isPerCpu()) {
        m.entriesPerCpu()
            .forEach((k, v) -> entries.put(describe(k, Set.of()), describeAll(v, ignoredFields)));
      } else {
        m.entries()
            .forEach((k, v) -> entries.put(describe(k, Set.of()), describe(v, ignoredFields)));
      }
      out.put(m.name(), entries.toString());
    }
    return out;
  }

  /** Map name to its contents, read from the kernel with the simulator's key and value types. */
  static Map<String, String> kernel(BpfObject obj, BpfSimulator sim, Set<String> ignoredFields) {
    Map<String, String> out = new TreeMap<>();
    for (SimMap<?, ?> m : sim.maps()) {
      Map<String, String> entries = new TreeMap<>();
      try (MapHandle<?, ?> h = obj.map(m.name(), m.keyType(), m.valueType())) {
        if (m.isPerCpu()) {
          h.entriesPerCpu()
              .forEach((k, v) -> entries.put(describe(k, Set.of()), describeAll(v, ignoredFields)));
        } else {
          h.entries()
              .forEach((k, v) -> entries.put(describe(k, Set.of()), describe(v, ignoredFields)));
        }
      }
      out.put(m.name(), entries.toString());
    }
    return out;
  }

  /**
   * Fills every map of both sides with the same random contents: every index of an array, and a few
   * random keys of a hash map (at most half of it, so that programs still find room).
   */
  static void seed(BpfSimulator sim, BpfObject obj, Random random) {
    for (SimMap<?, ?> m : sim.maps()) {
      boolean array = m.type() == MapType.ARRAY || m.type() == MapType.PERCPU_ARRAY;
      boolean lpm = m.type() == MapType.LPM_TRIE;
      int count = array ? m.maxEntries() : Math.min(8, m.maxEntries() / 2);
      try (MapHandle<?, ?> h = obj.map(m.name(), m.keyType(), m.valueType())) {
        for (int i = 0; i < count; i++) {
          Object key =
              array
                  ? Integer.valueOf(i)
                  : lpm ? randomPrefix(m.keyType(), random) : randomValue(m.keyType(), random);
          Object value = randomValue(m.valueType(), random);
          // Values holding a spin lock take BPF_F_LOCK updates from user space too.
          putBoth(m, h, key, value, hasSpinLock(m.valueType()) && random.nextBoolean() ? 4 : 0);
        }
      }
    }
  }

  private static <K, V> void putBoth(
      SimMap<K, V> sim, MapHandle<?, ?> kernel, Object k, Object v, long flags) {
    @SuppressWarnings("unchecked")
    MapHandle<K, V> h = (MapHandle<K, V>) kernel;
    K key = sim.keyType().cast(k);
    V value = sim.valueType().cast(v);
    h.put(key, value, flags);
    sim.put(key, value, flags);
  }

  private static boolean hasSpinLock(Class<?> type) {
    return java.util.Arrays.stream(type.getDeclaredFields())
        .anyMatch(f -> f.getType() == BpfSpinLock.class);
  }

  /**
   * User-space lookups of random keys in every LPM_TRIE, on both sides: prefix lengths up to 8
   * beyond the data (which find nothing), data that often shares the seeds' first byte. Returns one
   * line per key, from the kernel ({@code kernel} true) or the simulator.
   */
  static List<String> lpmLookups(BpfSimulator sim, BpfObject obj, long seed, boolean kernel) {
    Random random = new Random(seed);
    List<String> out = new java.util.ArrayList<>();
    for (SimMap<?, ?> m : sim.maps()) {
      if (m.type() != MapType.LPM_TRIE) {
        continue;
      }
      try (MapHandle<?, ?> h = obj.map(m.name(), m.keyType(), m.valueType())) {
        for (int i = 0; i < 24; i++) {
          Object key = randomPrefix(m.keyType(), random);
          Field len = fields(m.keyType()).get(0);
          try {
            len.setInt(key, len.getInt(key) + random.nextInt(9));
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
          Object found = kernel ? getKernel(h, key) : getSim(m, key);
          out.add(m.name() + " " + describe(key, Set.of()) + " -> " + describe(found, Set.of()));
        }
      }
    }
    return out;
  }

  private static <K, V> V getSim(SimMap<K, V> m, Object key) {
    return m.get(m.keyType().cast(key));
  }

  @SuppressWarnings("unchecked")
  private static <K, V> V getKernel(MapHandle<K, V> h, Object key) {
    return h.get((K) key);
  }

  /**
   * A random LPM_TRIE key: a prefix length from 0 to the data's bits, random data (bits past the
   * prefix included, which the kernel keeps), whose first byte is 10 half the time so that prefixes
   * nest and the programs' 10.x addresses find some of them.
   */
  static Object randomPrefix(Class<?> type, Random r) {
    Object key = randomValue(type, r);
    List<Field> fs = fields(type);
    try {
      int dataBits = 0;
      for (Field f : fs.subList(1, fs.size())) {
        dataBits += 8 * primitiveBytes(f.getType());
      }
      fs.get(0).setInt(key, r.nextInt(dataBits + 1));
      if (r.nextBoolean() && fs.get(1).getType() == byte.class) {
        fs.get(1).setByte(key, (byte) 10);
      }
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    return key;
  }

  private static int primitiveBytes(Class<?> t) {
    if (t == long.class) {
      return 8;
    }
    if (t == int.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    return 1;
  }

  /** A random value of a primitive type, boxed. */
  static Object randomPrimitive(Class<?> t, Random r) {
    long v = randomNumber(r);
    if (t == boolean.class) {
      return (v & 1) != 0;
    } else if (t == byte.class) {
      return (byte) v;
    } else if (t == short.class) {
      return (short) v;
    } else if (t == char.class) {
      return (char) v;
    } else if (t == int.class) {
      return (int) v;
    }
    return v;
  }

  /** A random Integer, Long or struct: zero, small numbers and full-width ones all occur. */
  static Object randomValue(Class<?> type, Random r) {
    if (type == Integer.class) {
      return (int) randomNumber(r);
    }
    if (type == Long.class) {
      return randomNumber(r);
    }
    try {
      Constructor<?> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      Object o = c.newInstance();
      for (Field f : fields(type)) {
        Class<?> t = f.getType();
        if (t == BpfSpinLock.class) {
          continue; // user space never writes the lock: the kernel keeps it zero
        }
        if (t.isArray()) {
          Object a = f.get(o);
          for (int i = 0; i < java.lang.reflect.Array.getLength(a); i++) {
            java.lang.reflect.Array.set(a, i, randomPrimitive(t.getComponentType(), r));
          }
          continue;
        }
        f.set(o, randomPrimitive(t, r));
      }
      return o;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot make a random " + type.getName(), e);
    }
  }

  private static long randomNumber(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextInt(100);
      case 2 -> r.nextInt(2000);
      default -> r.nextLong();
    };
  }

  private static String describeAll(List<?> values, Set<String> ignored) {
    StringBuilder sb = new StringBuilder("[");
    for (Object v : values) {
      sb.append(sb.length() > 1 ? ", " : "").append(describe(v, ignored));
    }
    return sb.append(']').toString();
  }

  /** A number, or {@code {field=value, ...}} with the ignored fields shown as {@code *}. */
  static String describe(Object v, Set<String> ignored) {
    if (v == null || v instanceof Number) {
      return String.valueOf(v);
    }
    StringBuilder sb = new StringBuilder("{");
    for (Field f : fields(v.getClass())) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.getName()).append('=');
      try {
        Object field = f.get(v);
        if (ignored.contains(f.getName())) {
          sb.append('*');
        } else if (f.getType() == BpfSpinLock.class) {
          sb.append("lock"); // hidden from user space: zero when read
        } else if (field != null && field.getClass().isArray()) {
          sb.append(GlobalContents.describeArray(field));
        } else {
          sb.append(field);
        }
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return sb.append('}').toString();
  }

  private static List<Field> fields(Class<?> type) {
    return java.util.Arrays.stream(type.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
        .peek(f -> f.setAccessible(true))
        .toList();
  }
}
