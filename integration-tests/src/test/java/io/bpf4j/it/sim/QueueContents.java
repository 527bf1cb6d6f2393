package io.bpf4j.it.sim;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.QueueHandle;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimQueue;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The QUEUE and STACK maps of a simulator and of the kernel object loaded from the same class:
 * their values in the order pops return them, and the same random starting values pushed into both.
 */
final class QueueContents {
  private QueueContents() {}

  /** A queue or stack map of the class: its name in the object, value type and size. */
  record QueueMap(String name, Class<?> valueType, int maxEntries) {}

  static List<QueueMap> of(Class<?> programClass) {
    List<QueueMap> out = new ArrayList<>();
    for (Field f : programClass.getDeclaredFields()) {
      io.bpf4j.annotations.Map m = f.getAnnotation(io.bpf4j.annotations.Map.class);
      if (m != null && (m.type() == MapType.QUEUE || m.type() == MapType.STACK)) {
        Class<?> value =
            (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
        out.add(new QueueMap(m.name().isEmpty() ? f.getName() : m.name(), value, m.maxEntries()));
      }
    }
    return out;
  }

  /**
   * Pushes between none and maxEntries + 2 random values into each queue, on both sides, with
   * BPF_EXIST: past full, each push drops the oldest value.
   */
  static void seed(BpfSimulator sim, BpfObject obj, Random random) {
    for (QueueMap q : of(sim.programClass())) {
      push(sim.queue(q.name()), obj.queue(q.name(), q.valueType()), q.valueType(), q, random);
    }
  }

  private static <T> void push(
      SimQueue<T> sim, QueueHandle<?> handle, Class<T> type, QueueMap q, Random random) {
    @SuppressWarnings("unchecked")
    QueueHandle<T> kernel = (QueueHandle<T>) handle;
    int n = random.nextInt(q.maxEntries() + 3);
    for (int i = 0; i < n; i++) {
      T value = type.cast(MapContents.randomValue(type, random));
      kernel.push(value, BpfMap.EXIST);
      if (sim.push(value, BpfMap.EXIST) != 0) {
        throw new AssertionError("the simulator refused push " + i + " of " + n + " to " + q);
      }
    }
  }

  /** Queue name to its values in pop order, from the simulator. */
  static Map<String, String> simulated(BpfSimulator sim) {
    Map<String, String> out = new TreeMap<>();
    for (QueueMap q : of(sim.programClass())) {
      List<String> values = new ArrayList<>();
      sim.queue(q.name()).contents().forEach(v -> values.add(MapContents.describe(v, Set.of())));
      out.put(q.name(), values.toString());
    }
    return out;
  }

  /** Queue name to its values in pop order, popped from the kernel (which empties it). */
  static Map<String, String> kernel(BpfObject obj, Class<?> programClass) {
    Map<String, String> out = new TreeMap<>();
    for (QueueMap q : of(programClass)) {
      QueueHandle<?> h = obj.queue(q.name(), q.valueType());
      List<String> values = new ArrayList<>();
      for (Object v = h.pop(); v != null && values.size() <= q.maxEntries(); v = h.pop()) {
        values.add(MapContents.describe(v, Set.of()));
      }
      out.put(q.name(), values.toString());
    }
    return out;
  }
}
