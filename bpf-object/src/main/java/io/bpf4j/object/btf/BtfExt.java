package io.bpf4j.object.btf;

import java.util.List;

/**
 * The contents of a {@code .BTF.ext} ELF section as libbpf reads it: per-program function info
 * ({@code struct bpf_func_info}) and line info ({@code struct bpf_line_info}), each record tagged
 * with the ELF section of its program. CO-RE relocation records are not modelled.
 */
public record BtfExt(List<FuncInfo> funcInfos, List<LineInfo> lineInfos) {

  public BtfExt {
    funcInfos = List.copyOf(funcInfos);
    lineInfos = List.copyOf(lineInfos);
  }

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
