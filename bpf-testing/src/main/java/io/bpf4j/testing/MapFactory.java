package io.bpf4j.testing;

import io.bpf4j.annotations.InnerMap;
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
        case ARRAY_OF_MAPS, HASH_OF_MAPS -> {
          requireRaw(raw, BpfMap.class, where, type);
          Class<?> key = typeArgument(field, 0, 2);
          if (type == MapType.ARRAY_OF_MAPS && key != Integer.class) {
            throw new SimulationException(
                "@Map " + where + " is an ARRAY_OF_MAPS: its key must be Integer (a u32 index)");
          }
          return new SimMapOfMaps<>(
              name,
              type,
              spec.maxEntries(),
              ValueLayout.of(key),
              innerShape(field, where, cpus),
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

  /**
   * The shape of the maps a map of maps holds: kind and size from {@code @InnerMap}, key and value
   * types from the field's {@code BpfMap<K, BpfMap<K2, V2>>}; checked by creating one.
   */
  private static SimMapOfMaps.InnerShape innerShape(Field field, String where, CpuView cpus) {
    InnerMap innerMap = field.getAnnotation(InnerMap.class);
    if (innerMap == null) {
      throw new SimulationException(
          "@Map "
              + where
              + " is a map of maps: add @InnerMap(type = ..., maxEntries = ...) for the maps it"
              + " holds");
    }
    Type value =
        field.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments().length == 2
            ? p.getActualTypeArguments()[1]
            : null;
    if (!(value instanceof ParameterizedType v)
        || v.getRawType() != BpfMap.class
        || v.getActualTypeArguments().length != 2
        || !(v.getActualTypeArguments()[0] instanceof Class<?> k2)
        || !(v.getActualTypeArguments()[1] instanceof Class<?> v2)) {
      throw new SimulationException(
          "@Map "
              + where
              + " is a map of maps: its field must be BpfMap<K, BpfMap<K2, V2>> with the inner"
              + " key and value types spelled out, not "
              + field.getGenericType().getTypeName());
    }
    SimMapOfMaps.InnerShape shape =
        new SimMapOfMaps.InnerShape(innerMap.type(), innerMap.maxEntries(), k2, v2);
    keyValueMap(shape.type(), "inner", shape.maxEntries(), k2, v2, cpus, where + "'s @InnerMap");
    return shape;
  }

  /**
   * A plain key/value map (array, hash, LRU, per-CPU kinds, LPM trie): the kinds a map of maps may
   * hold that the simulator models.
   */
  static KernelMap<?, ?> keyValueMap(
      MapType type,
      String name,
      int maxEntries,
      Class<?> key,
      Class<?> value,
      CpuView cpus,
      String where) {
    return switch (type) {
      case ARRAY, PERCPU_ARRAY -> {
        if (key != Integer.class) {
          throw new SimulationException(
              where + " is an " + type + ": its key must be Integer (a u32 index)");
        }
        yield new ArrayMap<>(name, type, maxEntries, ValueLayout.of(value), cpus);
      }
      case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE ->
          new HashTable<>(name, type, maxEntries, ValueLayout.of(key), ValueLayout.of(value), cpus);
      default ->
          throw new SimulationException(
              where
                  + " is a "
                  + type
                  + ": the simulator models maps of ARRAY, PERCPU_ARRAY, HASH, PERCPU_HASH,"
                  + " LRU_HASH, LRU_PERCPU_HASH and LPM_TRIE maps (the kernel takes no maps of maps,"
                  + " prog arrays or ring buffers inside one)");
    };
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
