package io.bpf4j.object.insn;

/**
 * An ELF relocation the encoded code needs: the instruction at {@code byteOffset} refers to {@code
 * symbol}, and the loader patches it.
 *
 * @param byteOffset the offset of the instruction's first byte within the code
 * @param symbol the symbol name: a map, a data section or a function
 * @param kind what the symbol is
 */
public record Relocation(int byteOffset, String symbol, SymbolRef.Kind kind) {
  /** {@code R_BPF_64_64}: the 64-bit immediate of an {@code ld_imm64}. */
  public static final int R_BPF_64_64 = 1;

  /** {@code R_BPF_64_32}: the 32-bit immediate of a BPF-to-BPF call. */
  public static final int R_BPF_64_32 = 10;

  /**
   * The ELF relocation type: {@link #R_BPF_64_32} for calls, else {@link #R_BPF_64_64} (maps, data,
   * function addresses).
   */
  public int elfType() {
    return kind == SymbolRef.Kind.FUNCTION ? R_BPF_64_32 : R_BPF_64_64;
  }

  /** The name {@code llvm-objdump} prints for {@link #elfType()}. */
  public String elfTypeName() {
    return kind == SymbolRef.Kind.FUNCTION ? "R_BPF_64_32" : "R_BPF_64_64";
  }
}
