package io.bpf4j.object.link;

/**
 * One CO-RE relocation of a linked program ({@code struct bpf_core_relo}, moved from its section
 * offset to the instruction's place in the program): the loader rewrites that instruction for the
 * running kernel before {@code BPF_PROG_LOAD}.
 *
 * @param instructionOffset the instruction, in 8-byte slots from the start of the linked program
 * @param typeId the local type the access starts from, an id of the object's BTF
 * @param accessString the access path, e.g. {@code "0:1:0"}
 * @param kind {@code enum bpf_core_relo_kind} ({@link io.bpf4j.object.kernel.CoreRelocationKind})
 */
public record CoreRelocationRecord(
    int instructionOffset, int typeId, String accessString, int kind) {}
