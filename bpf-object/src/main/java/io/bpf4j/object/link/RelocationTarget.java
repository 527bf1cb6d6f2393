package io.bpf4j.object.link;

/** What a relocated instruction of a function refers to, as libbpf's {@code reloc_desc} says. */
sealed interface RelocationTarget {

  /** A BPF-to-BPF call; the callee is at {@code symbolValue / 8 + imm + 1} in .text. */
  record CallTarget(long symbolValue) implements RelocationTarget {}

  /** A function address; the function is at {@code (symbolValue + imm) / 8} in .text. */
  record FunctionAddress(long symbolValue) implements RelocationTarget {}

  /** A map of .maps. */
  record MapTarget(String map) implements RelocationTarget {}

  /** A variable in a data section's map, at {@code imm + symbolValue}. */
  record DataTarget(String map, long symbolValue) implements RelocationTarget {}
}
