package io.bpf4j.it.sim;

import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.testing.BpfSimulator;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code @Global} and {@code @Config} variables of a simulator and of the kernel object loaded
 * from the same class, as comparable text; the same random {@code .bss}/{@code .data} values put
 * into both; and the configurations both are loaded with (the defaults, then random values: user
 * space sets {@code .rodata} before load).
 */
final class GlobalContents {
  private GlobalContents() {}

  /** The class's global fields, {@code @Config} ones included, in declaration order. */
  static List<Field> fields(Class<?> programClass, boolean config) {
    List<Field> out = new ArrayList<>();
    for (Field f : programClass.getDeclaredFields()) {
      boolean isConfig = f.isAnnotationPresent(Config.class);
      if (Modifier.isStatic(f.getModifiers())
          && (isConfig || (!config && f.isAnnotationPresent(Global.class)))) {
        f.setAccessible(true);
        out.add(f);
      }
    }
    return out;
  }

  /**
   * The configurations to load with: none for a class without {@code @Config} fields, else the
   * defaults and two sets of random values.
   */
  static List<Map<String, Object>> configurations(Class<?> programClass, long seed) {
    List<Field> configs = fields(programClass, true);
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(Map.of());
    if (configs.isEmpty()) {
      return out;
    }
    Random r = new Random(seed);
    for (int i = 0; i < 2; i++) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (Field f : configs) {
        values.put(f.getName(), randomValue(f, r));
      }
      out.add(values);
    }
    return out;
  }

  /** Gives every {@code @Global} (not {@code @Config}) field the same random value in both. */
  static void seed(BpfSimulator sim, BpfObject obj, Random random) {
    for (Field f : fields(sim.programClass(), false)) {
      if (f.isAnnotationPresent(Config.class)) {
        continue;
      }
      Object value = randomValue(f, random);
      sim.setGlobal(f.getName(), value);
      setKernel(obj, f.getName(), boxed(f.getType()), value);
    }
  }

  private static <T> void setKernel(BpfObject obj, String name, Class<T> type, Object value) {
    obj.global(name, type).set(type.cast(value));
  }

  /** Global name to its value in the simulator. */
  static Map<String, String> simulated(BpfSimulator sim, Set<String> ignored) {
    Map<String, String> out = new TreeMap<>();
    for (Field f : fields(sim.programClass(), false)) {
      Object v = sim.global(f.getName(), boxed(f.getType()));
      out.put(f.getName(), ignored.contains(f.getName()) ? "*" : describe(v, ignored));
    }
    return out;
  }

  /** Global name to its value in the kernel, read through the memory-mapped sections. */
  static Map<String, String> kernel(BpfObject obj, Class<?> programClass, Set<String> ignored) {
    Map<String, String> out = new TreeMap<>();
    for (Field f : fields(programClass, false)) {
      Object v = obj.global(f.getName(), boxed(f.getType())).get();
      out.put(f.getName(), ignored.contains(f.getName()) ? "*" : describe(v, ignored));
    }
    return out;
  }

  private static String describe(Object v, Set<String> ignored) {
    if (v != null && v.getClass().isArray()) {
      return describeArray(v);
    }
    if (v instanceof Boolean || v instanceof Character) {
      return v instanceof Character c ? String.valueOf((int) c) : String.valueOf(v);
    }
    return MapContents.describe(v, ignored);
  }

  /** Configuration values as text, arrays spelled out. */
  static String show(Map<String, Object> config) {
    Map<String, String> out = new LinkedHashMap<>();
    config.forEach((k, v) -> out.put(k, describe(v, Set.of())));
    return out.toString();
  }

  /** A primitive array's elements, in brackets. */
  static String describeArray(Object v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Array.getLength(v); i++) {
      Object e = Array.get(v, i);
      sb.append(i > 0 ? ", " : "").append(e instanceof Character c ? (int) c : e);
    }
    return sb.append(']').toString();
  }

  /** A random value of the field's type; an array keeps its initializer's length. */
  private static Object randomValue(Field f, Random r) {
    Class<?> t = f.getType();
    if (t.isArray()) {
      Object initial;
      try {
        initial = f.get(null);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
      int n = Array.getLength(initial);
      Object out = Array.newInstance(t.getComponentType(), n);
      for (int i = 0; i < n; i++) {
        Array.set(out, i, MapContents.randomPrimitive(t.getComponentType(), r));
      }
      return out;
    }
    if (t.isPrimitive()) {
      return MapContents.randomPrimitive(t, r);
    }
    return MapContents.randomValue(t, r);
  }

  static Class<?> boxed(Class<?> type) {
    return type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0).getClass() : type;
  }
}
