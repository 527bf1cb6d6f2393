package io.bpf4j.testing;

import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@code @Global} and {@code @Config} static fields of a program class, with the kernel's
 * semantics: each simulator starts from the values the object holds (the field initializers, taken
 * when the class is first simulated; a {@code @Struct} global without an initializer is zeroed, not
 * null), programs read and write the fields themselves, and {@code @Config} values are set before
 * the programs run, as user space sets {@code .rodata} before load.
 */
final class SimGlobals {
  /** The initial value of each global field of a class, taken at its first simulation. */
  private static final Map<Class<?>, Map<Field, Object>> INITIAL = new WeakHashMap<>();

  private final Map<String, Field> fields = new LinkedHashMap<>();

  SimGlobals(Class<?> programClass) {
    Map<Field, Object> initial;
    synchronized (INITIAL) {
      initial = INITIAL.computeIfAbsent(programClass, SimGlobals::snapshot);
    }
    initial.forEach(
        (f, v) -> {
          fields.put(f.getName(), f);
          write(f, copy(v, f.getType()));
        });
  }

  private static Map<Field, Object> snapshot(Class<?> programClass) {
    Map<Field, Object> out = new LinkedHashMap<>();
    for (Field f : programClass.getDeclaredFields()) {
      if (!f.isAnnotationPresent(Global.class) && !f.isAnnotationPresent(Config.class)) {
        continue;
      }
      if (!Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
        throw new SimulationException(
            programClass.getSimpleName()
                + "."
                + f.getName()
                + ": a global must be static, not final");
      }
      f.setAccessible(true);
      try {
        out.put(f, copy(f.get(null), f.getType()));
      } catch (IllegalAccessException e) {
        throw new SimulationException("cannot read " + f, e);
      }
    }
    return out;
  }

  /** Whether the class has a global named {@code name}. */
  boolean has(String name) {
    return fields.containsKey(name);
  }

  /** Sets {@code @Config} (or {@code @Global}) field {@code name}, checking the value's type. */
  void set(String name, Object value, boolean configOnly) {
    Field f = field(name);
    if (configOnly && !f.isAnnotationPresent(Config.class)) {
      throw new SimulationException(name + " is not a @Config field");
    }
    Class<?> boxed = boxed(f.getType());
    if (value == null || !boxed.isInstance(value)) {
      throw new SimulationException(
          name
              + " is "
              + f.getType().getSimpleName()
              + ", not "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    write(f, copy(value, f.getType()));
  }

  /** The current value of field {@code name} (arrays and structs are the live objects). */
  Object get(String name) {
    try {
      return field(name).get(null);
    } catch (IllegalAccessException e) {
      throw new SimulationException("cannot read " + name, e);
    }
  }

  private Field field(String name) {
    Field f = fields.get(name);
    if (f == null) {
      throw new SimulationException(
          "no @Global or @Config field " + name + "; there are " + fields.keySet());
    }
    return f;
  }

  private static void write(Field f, Object value) {
    try {
      f.set(null, value);
    } catch (IllegalAccessException e) {
      throw new SimulationException("cannot write " + f, e);
    }
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return Array.get(Array.newInstance(type, 1), 0).getClass();
  }

  /** A deep copy: primitive arrays cloned, structs copied field by field; null structs zeroed. */
  private static Object copy(Object value, Class<?> type) {
    if (type.isPrimitive()) {
      return value;
    }
    if (type.isArray()) {
      if (value == null) {
        return null;
      }
      int n = Array.getLength(value);
      Object out = Array.newInstance(type.getComponentType(), n);
      System.arraycopy(value, 0, out, 0, n);
      return out;
    }
    try {
      Constructor<?> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      Object out = c.newInstance();
      if (value != null) {
        for (Field f : type.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          f.setAccessible(true);
          f.set(out, copy(f.get(value), f.getType()));
        }
      }
      return out;
    } catch (ReflectiveOperationException e) {
      throw new SimulationException("cannot copy a " + type.getSimpleName(), e);
    }
  }
}
