package io.bpf4j.processor.model;

/**
 * One field of a {@code @Struct}, laid out as C would.
 *
 * @param name the Java field name
 * @param descriptor the JVM descriptor: Z, B, S, C, I or J, or {@code [B} ... for a fixed array
 * @param offset byte offset in the struct
 * @param size byte size (of the whole array for an array field)
 * @param atomic whether the field is {@code @Atomic}
 * @param length the element count of a fixed array ({@code byte[] comm = new byte[16]}), 0 for a
 *     scalar
 */
public record StructField(
    String name, String descriptor, int offset, int size, boolean atomic, int length) {
  public StructField(String name, String descriptor, int offset, int size, boolean atomic) {
    this(name, descriptor, offset, size, atomic, 0);
  }

  /** Whether this is a {@code BpfSpinLock}: only its address is ever taken. */
  public boolean isSpinLock() {
    return descriptor.equals(LangNames.SPIN_LOCK_DESCRIPTOR);
  }

  /** Whether this is a fixed array laid out inside the struct. */
  public boolean isArray() {
    return length > 0;
  }

  /** The descriptor of one element: the field's own for a scalar. */
  public String elementDescriptor() {
    return isArray() ? descriptor.substring(1) : descriptor;
  }

  /** The size of one element: the field's own for a scalar. */
  public int elementSize() {
    return isArray() ? size / length : size;
  }

  /**
   * Whether loads sign-extend: Java's byte, short, int and long are signed; boolean and char not.
   */
  public boolean signed() {
    return elementDescriptor().equals("B") || elementDescriptor().equals("S");
  }

  public boolean isLong() {
    return descriptor.equals("J");
  }
}
