package io.bpf4j.object;

import java.util.Objects;

/**
 * A global variable an object defines, as a writer of objects declares it: clang's {@code int x;}
 * ({@code .bss}), {@code int x = 1;} ({@code .data}) or {@code const volatile int x = 1;} ({@code
 * .rodata}). {@link ObjectWriter} lays the variables of each section out in spec order at their
 * alignment (in {@code .rodata} after the string constants), gives each a global {@code STT_OBJECT}
 * symbol and a BTF {@code VAR} in the section's {@code DATASEC}, and resolves {@link
 * io.bpf4j.object.insn.SymbolRef.Kind#DATA} references naming the variable against its symbol, as
 * clang does for non-static globals.
 *
 * @param name the variable's symbol name, unique among the object's variables and maps
 * @param section {@link MapSpec.Kind#BSS}, {@link MapSpec.Kind#DATA} or {@link MapSpec.Kind#RODATA}
 * @param btfTypeId the BTF type of the value (the writer wraps {@code .rodata} variables in {@code
 *     const volatile}, as a C {@code const volatile} declaration reads)
 * @param alignment the value's alignment in bytes (a power of two)
 * @param initialValue the initial bytes; its length is the variable's size (all zeros for {@code
 *     .bss})
 */
public record GlobalVariableSpec(
    String name, MapSpec.Kind section, int btfTypeId, int alignment, byte[] initialValue) {
  public GlobalVariableSpec {
    Objects.requireNonNull(name, "name");
    if (section == MapSpec.Kind.USER) {
      throw new IllegalArgumentException("a global variable lives in .bss, .data or .rodata");
    }
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("alignment " + alignment + " is not a power of two");
    }
    initialValue = initialValue.clone();
    if (section == MapSpec.Kind.BSS) {
      for (byte b : initialValue) {
        if (b != 0) {
          throw new IllegalArgumentException(".bss variable " + name + " must start as zeros");
        }
      }
    }
  }

  /** The size in bytes. */
  public int size() {
    return initialValue.length;
  }

  /** A copy of the initial bytes. */
  @Override
  public byte[] initialValue() {
    return initialValue.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobalVariableSpec g
        && name.equals(g.name)
        && section == g.section
        && btfTypeId == g.btfTypeId
        && alignment == g.alignment
        && java.util.Arrays.equals(initialValue, g.initialValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, section, btfTypeId, alignment)
        + 31 * java.util.Arrays.hashCode(initialValue);
  }
}
