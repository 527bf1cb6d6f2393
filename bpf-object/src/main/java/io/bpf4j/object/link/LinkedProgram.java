package io.bpf4j.object.link;

import io.bpf4j.object.insn.Decoder;
import io.bpf4j.object.insn.Instruction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A program ready for {@code BPF_PROG_LOAD}: its own instructions followed by those of every
 * subprogram it calls, directly or not, as libbpf links them.
 *
 * <p>Each subprogram of {@code .text} that the program reaches is appended once, in the order
 * libbpf appends them (depth first, in the order of the calls), and every BPF-to-BPF call and
 * function address ({@code ld_imm64} with {@code BPF_PSEUDO_FUNC}) has its immediate set to the
 * callee's offset relative to the next instruction. Map references have their pseudo source
 * register set; only the map file descriptors are left for the loader to fill in (see {@link
 * MapReference}). func_info and line_info cover the appended subprograms too.
 *
 * @param name the program's function name
 * @param section the ELF section it came from, e.g. {@code socket} or {@code tracepoint/syscalls/x}
 * @param programType {@code enum bpf_prog_type}, from the section name by libbpf's rules
 * @param expectedAttachType {@code enum bpf_attach_type} for {@code expected_attach_type}, or 0
 * @param programFlags {@code prog_flags}: {@code BPF_F_SLEEPABLE} for sleepable sections, {@code
 *     BPF_F_XDP_HAS_FRAGS} for {@code xdp.frags}, else 0
 * @param instructions the linked code, 8 bytes per slot, little-endian as the kernel takes it
 * @param mapReferences the instructions that refer to maps, in instruction order
 * @param funcInfo the functions' BTF types by first instruction, in instruction order; empty when
 *     the object has no func_info for the program
 * @param lineInfo the instructions' source lines, in instruction order; empty when there is none
 * @param coreRelocations the CO-RE relocations the loader applies before the load, in instruction
 *     order; empty when there are none
 */
public record LinkedProgram(
    String name,
    String section,
    int programType,
    int expectedAttachType,
    int programFlags,
    byte[] instructions,
    List<MapReference> mapReferences,
    List<FuncInfoRecord> funcInfo,
    List<LineInfoRecord> lineInfo,
    List<CoreRelocationRecord> coreRelocations) {

  public LinkedProgram {
    coreRelocations = List.copyOf(coreRelocations);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(section, "section");
    instructions = instructions.clone();
    mapReferences = List.copyOf(mapReferences);
    funcInfo = List.copyOf(funcInfo);
    lineInfo = List.copyOf(lineInfo);
  }

  /** A program without CO-RE relocations. */
  public LinkedProgram(
      String name,
      String section,
      int programType,
      int expectedAttachType,
      int programFlags,
      byte[] instructions,
      List<MapReference> mapReferences,
      List<FuncInfoRecord> funcInfo,
      List<LineInfoRecord> lineInfo) {
    this(
        name,
        section,
        programType,
        expectedAttachType,
        programFlags,
        instructions,
        mapReferences,
        funcInfo,
        lineInfo,
        List.of());
  }

  /** This program with its instructions replaced (CO-RE relocated), everything else the same. */
  public LinkedProgram withInstructions(byte[] newInstructions) {
    return new LinkedProgram(
        name,
        section,
        programType,
        expectedAttachType,
        programFlags,
        newInstructions,
        mapReferences,
        funcInfo,
        lineInfo,
        coreRelocations);
  }

  /** A copy of the linked code. */
  @Override
  public byte[] instructions() {
    return instructions.clone();
  }

  /** The number of 8-byte instruction slots ({@code insn_cnt}). */
  public int instructionCount() {
    return instructions.length / 8;
  }

  /** The linked code decoded, one {@link Instruction} per instruction ({@code ld_imm64} is one). */
  public List<Instruction> decode() {
    return Decoder.decode(instructions);
  }

  /** The name to give the kernel: {@link #name()} cut to 15 characters. */
  public String kernelName() {
    return ObjectNames.kernelName(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinkedProgram p
        && name.equals(p.name)
        && section.equals(p.section)
        && programType == p.programType
        && expectedAttachType == p.expectedAttachType
        && programFlags == p.programFlags
        && Arrays.equals(instructions, p.instructions)
        && mapReferences.equals(p.mapReferences)
        && funcInfo.equals(p.funcInfo)
        && lineInfo.equals(p.lineInfo)
        && coreRelocations.equals(p.coreRelocations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, section, programType, mapReferences) * 31
        + Arrays.hashCode(instructions);
  }

  @Override
  public String toString() {
    return "LinkedProgram["
        + name
        + " section="
        + section
        + " type="
        + programType
        + " attach="
        + expectedAttachType
        + " insns="
        + instructionCount()
        + " maps="
        + mapReferences
        + " funcs="
        + funcInfo.size()
        + " lines="
        + lineInfo.size()
        + (coreRelocations.isEmpty() ? "" : " core=" + coreRelocations.size())
        + "]";
  }
}
