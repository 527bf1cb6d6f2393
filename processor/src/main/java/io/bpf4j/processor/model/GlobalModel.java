package io.bpf4j.processor.model;

/**
 * A {@code @Global} or {@code @Config} field: a variable of {@code .bss}/{@code .data} or {@code
 * .rodata}. Its initial value (and an array's length) come from the class's static initializer,
 * which the compiler reads at code generation.
 *
 * @param fieldName the Java field, which is also the variable's symbol
 * @param config whether it is {@code @Config} ({@code .rodata}, read-only in BPF code)
 * @param descriptor the JVM descriptor: a primitive ({@code I}), a primitive array ({@code [J}) or
 *     a {@code @Struct} ({@code La/b/S;})
 * @param struct the layout when the field is a {@code @Struct}, else null
 * @param atomic whether the field is {@code @Atomic} (an {@code int} or {@code long} global)
 */
public record GlobalModel(
    String fieldName, boolean config, String descriptor, StructLayout struct, boolean atomic) {

  public boolean isArray() {
    return descriptor.startsWith("[");
  }

  public boolean isStruct() {
    return struct != null;
  }

  /** The element descriptor of an array, the descriptor itself otherwise. */
  public String elementDescriptor() {
    return isArray() ? descriptor.substring(1) : descriptor;
  }
}
