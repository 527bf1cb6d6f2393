package io.bpf4j.object.btf;

import java.util.List;

/**
 * The contents of a {@code .BTF.ext} ELF section as libbpf reads it: per-program function info
 * ({@code struct bpf_func_info}), line info ({@code struct bpf_line_info}) and CO-RE relocations
 * ({@code struct bpf_core_relo}), each record tagged with the ELF section of its program.
 */
public record BtfExt(List<FuncInfo> funcInfos, List<LineInfo> lineInfos, List<CoreRelo> coreRelos) {

  public BtfExt {
    funcInfos = List.copyOf(funcInfos);
    lineInfos = List.copyOf(lineInfos);
    coreRelos = List.copyOf(coreRelos);
  }

  /** Function and line info without CO-RE relocations. */
  public BtfExt(List<FuncInfo> funcInfos, List<LineInfo> lineInfos) {
    this(funcInfos, lineInfos, List.of());
  }

  /**
   * A CO-RE relocation ({@code struct bpf_core_relo}): the loader rewrites the instruction's offset
   * or immediate with what the access means in the running kernel's BTF.
   *
   * @param section the ELF section holding the program
   * @param instructionOffset the instruction, in 8-byte slots from the start of the section
   * @param typeId the local (object's {@code .BTF}) type the access starts from
   * @param accessString the access path, e.g. {@code "0:1:0"}: the first number indexes the
   *     pointer, each following one a member (or an array element)
   * @param kind {@code enum bpf_core_relo_kind}, see {@link
   *     io.bpf4j.object.kernel.CoreRelocationKind}
   */
  public record CoreRelo(
      String section, int instructionOffset, int typeId, String accessString, int kind) {}

  /**
   * The BTF {@code FUNC} type of the function starting at an instruction.
   *
   * @param section the ELF section holding the program, e.g. {@code "xdp"}
   * @param instructionOffset the function's first instruction, in 8-byte slots from the start of
   *     the section
   * @param typeId the id of the {@link BtfType.Func}
   */
  public record FuncInfo(String section, int instructionOffset, int typeId) {}

  /**
   * The source position of an instruction.
   *
   * @param section the ELF section holding the program
   * @param instructionOffset the instruction, in 8-byte slots from the start of the section
   * @param fileName the source file name
   * @param lineText the source line's text (shown by the verifier log and bpftool), or ""
   * @param line the 1-based line number, below 2^22
   * @param column the 1-based column, or 0 when unknown; below 1024
   */
  public record LineInfo(
      String section,
      int instructionOffset,
      String fileName,
      String lineText,
      int line,
      int column) {}
}
