package io.bpf4j.object.insn;

/**
 * What an instruction refers to through an ELF relocation: a map, a data section (such as {@code
 * .rodata}) or a function. The linker (libbpf or our runtime) patches the instruction at load time.
 *
 * @param symbol the ELF symbol name: a map name, a section name for section-relative data, or a
 *     function name
 * @param kind what the symbol is
 */
public record SymbolRef(String symbol, Kind kind) {
  /** What the referenced symbol is. */
  public enum Kind {
    /** A map in {@code .maps}: {@code ld_imm64} becomes a map fd load. */
    MAP,
    /** A data section; the instruction's imm is the byte offset into it. */
    DATA,
    /** A BPF-to-BPF call target. */
    FUNCTION,
    /**
     * The address of a subprogram ({@code ld_imm64} with {@code BPF_PSEUDO_FUNC}), such as a {@code
     * bpf_loop} callback: relocated, as clang does, against the {@code .text} section symbol with
     * the function's byte offset in the immediate, the form libbpf accepts.
     */
    FUNCTION_ADDRESS
  }
}
