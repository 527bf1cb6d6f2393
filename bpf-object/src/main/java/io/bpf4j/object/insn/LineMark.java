package io.bpf4j.object.insn;

/**
 * Marks that the instruction at {@code instructionIndex} is the first one generated for a Java
 * source line. These become BTF {@code line_info} records, which the verifier prints next to its
 * complaints.
 *
 * @param instructionIndex the index of the instruction in {@link Code#instructions()} (not a slot)
 * @param line the 1-based source line
 * @param column the 1-based source column, or 0 when unknown
 */
public record LineMark(int instructionIndex, int line, int column) {}
