package io.bpf4j.processor.model;

/**
 * One field of a {@code @KernelStruct} view: a kernel struct's field by its kernel name, at the
 * place the view's local definition (the view's fields laid out in order, as clang lays out a C
 * struct) gives it. The running kernel's offset replaces the local one at load time.
 *
 * @param name the kernel field name (the Java field's)
 * @param descriptor the JVM descriptor: a primitive, {@code [B}... for a fixed array, or {@code
 *     Lpkg/View;} for a pointer to another view
 * @param index the field's member index in the local definition (the access string's number)
 * @param localOffset its byte offset in the local definition
 * @param size its byte size (8 for a pointer, the whole array for an array)
 * @param length the element count of a fixed array, else 0
 */
public record KernelField(
    String name, String descriptor, int index, int localOffset, int size, int length) {

  public boolean isPointer() {
    return descriptor.startsWith("L");
  }

  public boolean isArray() {
    return length > 0;
  }

  /** The internal name of the view a pointer field points to. */
  public String pointee() {
    return descriptor.substring(1, descriptor.length() - 1);
  }

  /** The descriptor of one element: the field's own for a scalar. */
  public String elementDescriptor() {
    return isArray() ? descriptor.substring(1) : descriptor;
  }

  public int elementSize() {
    return isArray() ? size / length : size;
  }

  /** Whether loads sign-extend: Java's byte, short, int and long are signed; boolean, char not. */
  public boolean signed() {
    String d = elementDescriptor();
    return d.equals("B") || d.equals("S");
  }

  public boolean isLong() {
    return descriptor.equals("J");
  }
}
