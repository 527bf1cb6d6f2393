package io.bpf4j.testing;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfQueue;
import io.bpf4j.lang.BpfStack;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.PerfEventArray;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.lang.RingBuf;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Creates the simulated map for one {@code @Map} field, checking the field as the processor does.
 */
final class MapFactory {
  private MapFactory() {}

  static Object create(Field field, io.bpf4j.annotations.Map spec, String name, CpuView cpus) {
    String where = field.getDeclaringClass().getSimpleName() + "." + field.getName();
    if (!Modifier.isStatic(field.getModifiers())) {
      throw new SimulationException("@Map field " + where + " must be static");
    }
    if (Modifier.isFinal(field.getModifiers())) {
      throw new SimulationException(
          "@Map field "
              + where
              + " is final, so the simulator cannot give it an in-memory map; drop the final");
    }
    MapType type = spec.type();
    Class<?> raw = field.getType();
    try {
      switch (type) {
        case ARRAY, PERCPU_ARRAY -> {
          requireRaw(raw, BpfMap.class, where, type);
          Class<?> key = typeArgument(field, 0, 2);
          if (key != Integer.class) {
            throw new SimulationException(
                "@Map " + where + " is an " + type + ": its key must be Integer (a u32 index)");
          }
          return new ArrayMap<>(
              name, type, spec.maxEntries(), ValueLayout.of(typeArgument(field, 1, 2)), cpus);
        }
        case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH -> {
          requireRaw(raw, BpfMap.class, where, type);
          return new HashTable<>(
              name,
              type,
              spec.maxEntries(),
              ValueLayout.of(typeArgument(field, 0, 2)),
              ValueLayout.of(typeArgument(field, 1, 2)),
              cpus);
        }
        case LPM_TRIE -> {
          requireRaw(raw, BpfMap.class, where, type);
          Class<?> key = typeArgument(field, 0, 2);
          java.lang.reflect.Field[] fs = key.getDeclaredFields();
          if (fs.length == 0
              || !fs[0].getName().equals("prefixLen")
              || fs[0].getType() != int.class) {
            throw new SimulationException(
                "@Map "
                    + where
                    + " is an LPM_TRIE: its key must be a @Struct whose first field is int prefixLen");
          }
          return new HashTable<>(
              name,
              type,
              spec.maxEntries(),
              ValueLayout.of(key),
              ValueLayout.of(typeArgument(field, 1, 2)),
              cpus);
        }
        case DEVMAP, DEVMAP_HASH, CPUMAP, XSKMAP -> {
          requireRaw(raw, BpfMap.class, where, type);
          if (typeArgument(field, 0, 2) != Integer.class) {
            throw new SimulationException(
                "@Map " + where + " is a " + type + ": its key must be Integer (a u32)");
          }
          return new HashTable<>(
              name,
              type,
              spec.maxEntries(),
              ValueLayout.of(Integer.class),
              ValueLayout.of(typeArgument(field, 1, 2)),
              cpus);
        }
        case PROG_ARRAY -> {
          requireRaw(raw, ProgArray.class, where, type);
          return new SimProgArray(name, spec.maxEntries());
        }
        case RINGBUF -> {
          requireRaw(raw, RingBuf.class, where, type);
          return new SimRingBuf<>(
              name, spec.maxEntries(), ValueLayout.of(typeArgument(field, 0, 1)));
        }
        case QUEUE, STACK -> {
          requireRaw(raw, type == MapType.QUEUE ? BpfQueue.class : BpfStack.class, where, type);
          return new SimQueue<>(
              name,
              type == MapType.STACK,
              spec.maxEntries(),
              ValueLayout.of(typeArgument(field, 0, 1)));
        }
        case PERF_EVENT_ARRAY -> {
          requireRaw(raw, PerfEventArray.class, where, type);
          return new SimPerfEventArray<>(name, ValueLayout.of(typeArgument(field, 0, 1)), cpus);
        }
        default ->
            throw new SimulationException(
                "@Map " + where + " is a " + type + ", which the simulator does not model");
      }
    } catch (IllegalArgumentException e) {
      throw new SimulationException("@Map " + where + ": " + e.getMessage(), e);
    }
  }

  private static void requireRaw(Class<?> raw, Class<?> expected, String where, MapType type) {
    if (raw != expected) {
      throw new SimulationException(
          "@Map "
              + where
              + " is a "
              + type
              + ", so its field must be a "
              + expected.getSimpleName()
              + ", not a "
              + raw.getSimpleName());
    }
  }

  /** Type argument {@code index} of the field's generic type, which must have {@code count}. */
  private static Class<?> typeArgument(Field field, int index, int count) {
    Type t = field.getGenericType();
    if (t instanceof ParameterizedType p
        && p.getActualTypeArguments().length == count
        && p.getActualTypeArguments()[index] instanceof Class<?> c) {
      return c;
    }
    throw new IllegalArgumentException(
        "field type " + t.getTypeName() + " needs its key and value types spelled out");
  }
}
