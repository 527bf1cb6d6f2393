package io.bpf4j.object;

import io.bpf4j.object.insn.Code;
import java.util.Map;

/**
 * One function of an object: a program in its own section, or a subprogram in {@code .text}.
 *
 * @param name the symbol name
 * @param section the ELF section: the program's libbpf section name, or {@code .text}
 * @param global whether the ELF symbol is global (programs) or local (static subprograms)
 * @param code the instructions, with symbolic labels, relocation targets and line marks
 * @param btfFuncId the BTF {@code FUNC} type of this function (for func_info), or 0
 * @param fileName the source file that line_info names, e.g. {@code BandwidthMonitor.java}
 * @param lineTexts the source text of each line the code's line marks name
 */
public record FunctionSpec(
    String name,
    String section,
    boolean global,
    Code code,
    int btfFuncId,
    String fileName,
    Map<Integer, String> lineTexts) {

  public static final String TEXT_SECTION = ".text";

  public FunctionSpec {
    lineTexts = Map.copyOf(lineTexts);
  }

  /** Whether this function is a subprogram in {@code .text} rather than a program. */
  public boolean isSubprogram() {
    return TEXT_SECTION.equals(section);
  }
}
