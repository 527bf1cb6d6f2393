package io.bpf4j.object.insn;

/**
 * Marks an instruction whose offset (a load or store) or immediate (a {@code mov} or {@code add})
 * the loader relocates against the running kernel's BTF: one {@code bpf_core_relo} record.
 *
 * @param instructionIndex the index of the instruction in {@link Code#instructions()} (not a slot)
 * @param typeId the local BTF type the access starts from
 * @param accessString the access path, e.g. {@code "0:1"}
 * @param kind {@code enum bpf_core_relo_kind}
 */
public record CoreMark(int instructionIndex, int typeId, String accessString, int kind) {}
