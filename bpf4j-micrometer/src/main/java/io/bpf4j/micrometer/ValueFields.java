package io.bpf4j.micrometer;

import io.bpf4j.annotations.Atomic;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * How a map's key or value class turns into numbers: a boxed scalar is one number; a
 * {@code @Struct} is one number per primitive instance field, in declaration order.
 */
final class ValueFields {
  /** One number of a value: its name (null for a scalar) and whether it only grows. */
  record Part(String name, boolean counter, Field field) {}

  private final List<Part> parts;

  private ValueFields(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  static ValueFields of(Class<?> type) {
    if (isScalar(type)) {
      return new ValueFields(List.of(new Part(null, false, null)));
    }
    List<Part> parts = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || !f.getType().isPrimitive()) {
        continue;
      }
      f.setAccessible(true);
      parts.add(new Part(f.getName(), f.isAnnotationPresent(Atomic.class), f));
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(
          type.getName() + " has no primitive fields to turn into meters");
    }
    return new ValueFields(parts);
  }

  List<Part> parts() {
    return parts;
  }

  /** The value's numbers, in the order of {@link #parts()}. */
  long[] numbers(Object value) {
    long[] out = new long[parts.size()];
    for (int i = 0; i < out.length; i++) {
      Field f = parts.get(i).field();
      out[i] = f == null ? asLong(value) : asLong(read(f, value));
    }
    return out;
  }

  /** The value's numbers as text, for tags: {@code "7"} or one string per field. */
  String[] texts(Object value) {
    long[] n = numbers(value);
    String[] out = new String[n.length];
    for (int i = 0; i < n.length; i++) {
      out[i] = Long.toString(n[i]);
    }
    return out;
  }

  private static Object read(Field f, Object target) {
    try {
      return f.get(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + f, e);
    }
  }

  private static boolean isScalar(Class<?> type) {
    return Number.class.isAssignableFrom(type)
        || type == Boolean.class
        || type == Character.class
        || type.isPrimitive();
  }

  private static long asLong(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Character c) {
      return c;
    }
    throw new IllegalArgumentException("not a number: " + v);
  }
}
