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
}
