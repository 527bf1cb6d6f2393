package io.bpf4j.processor.model;

/**
 * A map key or value type: {@code Integer}, {@code Long} or a {@code @Struct}.
 *
 * @param struct the layout when the type is a struct, else null
 */
public record ValueType(Kind kind, StructLayout struct) {
  /** The three kinds of key and value. */
  public enum Kind {
    INT,
    LONG,
    STRUCT
  }

  public static final ValueType INT = new ValueType(Kind.INT, null);
  public static final ValueType LONG = new ValueType(Kind.LONG, null);

  public static ValueType struct(StructLayout layout) {
    return new ValueType(Kind.STRUCT, layout);
  }

  public int size() {
    return switch (kind) {
      case INT -> 4;
      case LONG -> 8;
      case STRUCT -> struct.size();
    };
  }
}
