package io.bpf4j.processor.model;

/**
 * One field of a {@code @Struct}, laid out as C would.
 *
 * @param name the Java field name
 * @param descriptor the JVM descriptor: Z, B, S, C, I or J
 * @param offset byte offset in the struct
 * @param size byte size
 * @param atomic whether the field is {@code @Atomic}
 */
public record StructField(String name, String descriptor, int offset, int size, boolean atomic) {
  /**
   * Whether loads sign-extend: Java's byte, short, int and long are signed; boolean and char not.
   */
  public boolean signed() {
    return descriptor.equals("B") || descriptor.equals("S");
  }

  public boolean isLong() {
    return descriptor.equals("J");
  }

  /** The size in bytes of a field of primitive descriptor {@code d}, or -1 if not primitive. */
  public static int sizeOf(String d) {
    return switch (d) {
      case "Z", "B" -> 1;
      case "S", "C" -> 2;
      case "I" -> 4;
      case "J" -> 8;
      default -> -1;
    };
  }
}
