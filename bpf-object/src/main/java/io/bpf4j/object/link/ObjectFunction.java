package io.bpf4j.object.link;

import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.bytes.LeReader;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.kernel.ProgramSections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A function of an executable section as the linker sees it: a program, or a subprogram of {@code
 * .text}, with its code, the relocations of its instructions and its func_info and line_info.
 */
final class ObjectFunction {
  static final int LD_IMM64 = Opcode.LD | Opcode.IMM | Opcode.DW;
  static final int CALL = Opcode.JMP | Opcode.CALL;

  final String name;
  final Symbol symbol;
  final Section section;

  /** The first instruction slot within the section. */
  final int start;

  final byte[] code;
  final boolean program;

  /** The program type of a program's section; null for subprograms. */
  final ProgramSections.Match match;

  /** What the relocated instructions refer to, by slot within the function. */
  final Map<Integer, RelocationTarget> relocations = new TreeMap<>();

  final List<BtfExt.FuncInfo> funcInfos = new ArrayList<>();
  final List<BtfExt.LineInfo> lineInfos = new ArrayList<>();
  final List<BtfExt.CoreRelo> coreRelos = new ArrayList<>();

  ObjectFunction(
      Symbol symbol,
      Section section,
      int start,
      byte[] code,
      boolean program,
      ProgramSections.Match match) {
    this.name = symbol.name();
    this.symbol = symbol;
    this.section = section;
    this.start = start;
    this.code = code;
    this.program = program;
    this.match = match;
  }

  /** The number of 8-byte instruction slots. */
  int length() {
    return code.length / 8;
  }

  int opcode(int slot) {
    return code[slot * 8] & 0xff;
  }

  int dstRegister(int slot) {
    return code[slot * 8 + 1] & 0xf;
  }

  int srcRegister(int slot) {
    return (code[slot * 8 + 1] >> 4) & 0xf;
  }

  int offset(int slot) {
    return LeReader.s16At(code, slot * 8 + 2);
  }

  int imm(int slot) {
    return LeReader.i32At(code, slot * 8 + 4);
  }
}
