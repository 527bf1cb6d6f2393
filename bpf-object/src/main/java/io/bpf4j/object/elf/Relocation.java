package io.bpf4j.object.elf;

/**
 * One {@code Elf64_Rel} entry: patch the field at {@code offset} of the target section with the
 * address of symbol {@code symbolIndex}, in the way {@code type} says.
 *
 * @param offset byte offset in the target section of the instruction or field to patch
 * @param symbolIndex index into the object's symbol table, already checked to be in range
 * @param type {@code R_BPF_*}, such as {@link Elf#R_BPF_64_64}
 */
public record Relocation(long offset, int symbolIndex, int type) {}
