package io.bpf4j.object.link;

/**
 * One {@code struct bpf_func_info} of a linked program, as the kernel takes it in {@code
 * BPF_PROG_LOAD}: the function starting at an instruction and its BTF {@code FUNC} type.
 *
 * @param instructionOffset the function's first instruction, in 8-byte slots from the start of the
 *     linked program (not bytes, as {@code .BTF.ext} stores them)
 * @param typeId the id of the {@link io.bpf4j.object.btf.BtfType.Func} in {@link
 *     io.bpf4j.object.LinkedObject#btf()}
 */
public record FuncInfoRecord(int instructionOffset, int typeId) {}
