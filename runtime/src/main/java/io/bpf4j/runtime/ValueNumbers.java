package io.bpf4j.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers in a decoded map key or value, for code that prints or exports any map without
 * knowing its classes ({@link Tables}, bpf4j-micrometer): a boxed scalar is one number; a
 * {@code @Struct} is one number per primitive instance field, in declaration order. Booleans count
 * as 0 or 1, chars as their code.
 */
public final class ValueNumbers {
  /**
   * One number of a key or value.
   *
   * @param name the field's name, or null for a scalar
   * @param field the field, or null for a scalar
   */
  public record Part(String name, Field field) {}

  private final List<Part> parts;

  private ValueNumbers(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** The numbers of {@code type}: empty for a class without primitive instance fields. */
  public static ValueNumbers of(Class<?> type) {
    if (isScalar(type)) {
      return new ValueNumbers(List.of(new Part(null, null)));
    }
    List<Part> parts = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && f.getType().isPrimitive()) {
        f.setAccessible(true);
        parts.add(new Part(f.getName(), f));
      }
    }
    return new ValueNumbers(parts);
  }

  public List<Part> parts() {
    return parts;
  }

  /** The numbers of {@code value}, in the order of {@link #parts()}. */
  public long[] numbers(Object value) {
    long[] out = new long[parts.size()];
    for (int i = 0; i < out.length; i++) {
      Field f = parts.get(i).field();
      out[i] = asLong(f == null ? value : read(f, value));
    }
    return out;
  }

  /** The numbers of every value summed: one total for the per-CPU copies of a per-CPU map. */
  public long[] sum(List<?> values) {
    long[] total = new long[parts.size()];
    for (Object v : values) {
      long[] n = numbers(v);
      for (int i = 0; i < n.length; i++) {
        total[i] += n[i];
      }
    }
    return total;
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
