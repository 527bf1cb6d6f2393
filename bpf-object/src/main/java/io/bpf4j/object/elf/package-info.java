/**
 * Reading and writing the ELF container of eBPF objects: ELF64 little-endian relocatable files with
 * {@code e_machine} {@link io.bpf4j.object.elf.Elf#EM_BPF}, as produced by {@code clang -target
 * bpf} and loaded by libbpf.
 *
 * <p>{@link io.bpf4j.object.elf.ElfWriter} builds such files; {@link io.bpf4j.object.elf.ElfReader}
 * parses untrusted ones into an {@link io.bpf4j.object.elf.ElfFile}.
 */
package io.bpf4j.object.elf;
