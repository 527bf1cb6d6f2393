package io.bpf4j.it.diff;

import io.bpf4j.lang.MapType;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import io.bpf4j.testprograms.ProgramClass.MapDef;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Map contents on both sides: the same random starting contents written into the simulator's and
 * the kernel's map, and each side's contents as text that is equal when the contents are (entries
 * sorted by key, struct fields spelled out). The idea of io.bpf4j.it.sim.MapContents, for the maps
 * of one program at a time.
 */
final class MapStates {
  private MapStates() {}

  /**
   * Fills map {@code name} on both sides: every index of an array, a few random keys of the key
   * space of a hash map (at most half of it, so that programs still find room).
   */
  static void seed(BpfSimulator sim, BpfObject obj, String name, Random random) {
    SimMap<?, ?> m = sim.map(name);
    boolean array = m.type() == MapType.ARRAY || m.type() == MapType.PERCPU_ARRAY;
    int count = array ? m.maxEntries() : random.nextInt(m.maxEntries() / 2 + 1);
    try (MapHandle<?, ?> h = obj.map(m.name(), m.keyType(), m.valueType())) {
      for (int i = 0; i < count; i++) {
        if (!array && m.size() >= m.maxEntries() / 2) {
          break; // seeded already (a regression class seeds its maps for each program)
        }
        int key = array ? i : random.nextInt(MapDef.keySpace(m.type(), m.maxEntries()));
        putBoth(m, h, key, randomValue(m.valueType(), random));
      }
    }
  }

  private static <K, V> void putBoth(SimMap<K, V> sim, MapHandle<?, ?> kernel, int k, Object v) {
    @SuppressWarnings("unchecked")
    MapHandle<K, V> h = (MapHandle<K, V>) kernel;
    K key = sim.keyType().cast(k);
    V value = sim.valueType().cast(v);
    h.put(key, value);
    sim.put(key, value);
  }

  /** The simulator's contents of map {@code name}. */
  static String simulated(BpfSimulator sim, String name) {
    Map<String, String> entries = new TreeMap<>();
    sim.map(name).entries().forEach((k, v) -> entries.put(sortable(k), describe(v)));
    return entries.toString();
  }

  /** The kernel's contents of map {@code name}, read with the simulator's types. */
  static String kernel(BpfObject obj, BpfSimulator sim, String name) {
    SimMap<?, ?> m = sim.map(name);
    Map<String, String> entries = new TreeMap<>();
    try (MapHandle<?, ?> h = obj.map(name, m.keyType(), m.valueType())) {
      h.entries().forEach((k, v) -> entries.put(sortable(k), describe(v)));
    }
    return entries.toString();
  }

  /** An int key that sorts numerically as text. */
  private static String sortable(Object key) {
    return String.format("%11d", (Integer) key).replace(' ', '_');
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
        long v = randomNumber(r);
        Class<?> t = f.getType();
        if (t == boolean.class) {
          f.setBoolean(o, (v & 1) != 0);
        } else if (t == byte.class) {
          f.setByte(o, (byte) v);
        } else if (t == short.class) {
          f.setShort(o, (short) v);
        } else if (t == char.class) {
          f.setChar(o, (char) v);
        } else if (t == int.class) {
          f.setInt(o, (int) v);
        } else {
          f.setLong(o, v);
        }
      }
      return o;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot make a random " + type.getName(), e);
    }
  }

  private static long randomNumber(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> r.nextInt(16) - 4;
      case 2 -> r.nextInt(2000);
      default -> r.nextLong() >> r.nextInt(64);
    };
  }

  /** A number, or {@code {f0=1, f1=true}}. */
  static String describe(Object v) {
    if (v == null || v instanceof Number) {
      return String.valueOf(v);
    }
    StringBuilder sb = new StringBuilder("{");
    for (Field f : fields(v.getClass())) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.getName()).append('=');
      try {
        Object x = f.get(v);
        sb.append(x instanceof Character c ? Integer.toString(c) : String.valueOf(x));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return sb.append('}').toString();
  }

  private static List<Field> fields(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
        .peek(f -> f.setAccessible(true))
        .toList();
  }
}
