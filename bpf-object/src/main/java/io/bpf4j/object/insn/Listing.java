package io.bpf4j.object.insn;

import io.bpf4j.object.bytes.LeReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The section body that {@code llvm-objdump-19 -d -r} prints, reproduced byte for byte, quirks
 * included, so that listings of our objects diff cleanly against clang's:
 *
 * <ul>
 *   <li>each line is {@code %8d:\t<hex bytes, space separated>\t<text>}, where the number is the
 *       byte offset divided by 8 and an {@code ld_imm64} shows all 16 bytes on one line;
 *   <li>after each instruction come the relocations that fall inside it, as {@code \t\t%016x:
 *       R_BPF_64_64\t<symbol>};
 *   <li>a run of 8 or more zero bytes (not reaching the next relocation) prints as {@code \t\t...}
 *       and is skipped in steps of 4 bytes, so decoding may continue off the 8-byte grid;
 *   <li>bytes that do not form a whole instruction print one per line as {@code <unknown>};
 *   <li>a jump gets its target in angle brackets, {@code <section+0xoffset>} (or {@code <section>}
 *       at offset 0), computed modulo 2^64 as llvm does.
 * </ul>
 *
 * <p>The one difference: llvm-objdump names a jump target after the nearest preceding symbol of the
 * section ({@code <f+0x98>}, {@code <LBB0_2>}). We have no symbol table here, so we always use the
 * section name, which is what llvm-objdump prints for a section without symbols.
 */
final class Listing {
  private Listing() {}

  static String of(String section, byte[] code, List<Relocation> relocations, boolean alu32) {
    List<Relocation> relocs = new ArrayList<>(relocations);
    relocs.sort(Comparator.comparingLong(r -> Integer.toUnsignedLong(r.byteOffset())));
    StringBuilder out = new StringBuilder();
    int next = 0;
    int pos = 0;
    while (pos < code.length) {
      long limit = code.length - pos;
      if (next < relocs.size() && relocs.get(next).byteOffset() >= pos) {
        // A relocated instruction is shown even if its bytes are zero.
        limit = Math.min(limit, relocs.get(next).byteOffset() - pos);
      }
      int zeros = 0;
      while (zeros < limit && code[pos + zeros] == 0) {
        zeros++;
      }
      if (zeros >= 8) {
        out.append("\t\t...\n");
        pos += zeros & ~3;
        continue;
      }
      int size = instructionSize(code, pos);
      String text = size == 1 ? "<unknown>" : text(section, code, pos, alu32);
      out.append(String.format("%8d:\t", pos / 8));
      for (int i = 0; i < size; i++) {
        out.append(i == 0 ? "" : " ").append(String.format("%02x", code[pos + i] & 0xff));
      }
      out.append('\t').append(text).append('\n');
      while (next < relocs.size() && relocs.get(next).byteOffset() < pos + size) {
        Relocation r = relocs.get(next++);
        out.append(
            String.format("\t\t%016x:  %s\t%s\n", r.byteOffset(), r.elfTypeName(), r.symbol()));
      }
      pos += size;
    }
    return out.toString();
  }

  /**
   * 16 for a decodable {@code ld_imm64}, 8 for anything else, or 1 when too few bytes remain (llvm
   * then skips a single byte and tries again).
   */
  private static int instructionSize(byte[] code, int pos) {
    int left = code.length - pos;
    if (left < 8) {
      return 1;
    }
    Instruction first = word(code, pos);
    boolean wide = first.isLoadImm64() && first.offset() == 0 && first.dst() <= 11;
    if (!wide) {
      return 8;
    }
    return left < 16 ? 1 : 16;
  }

  private static String text(String section, byte[] code, int pos, boolean alu32) {
    Instruction insn = word(code, pos);
    if (insn.isLoadImm64() && instructionSize(code, pos) == 16) {
      insn = insn.withImm((insn.imm() & 0xffffffffL) | (long) LeReader.i32At(code, pos + 12) << 32);
    }
    String text = Disassembler.text(insn, alu32);
    if (text == null) {
      return "<unknown>";
    }
    Long delta = Disassembler.branchDelta(insn);
    if (delta != null) {
      long target = pos + 8 + delta * 8;
      text +=
          target == 0
              ? " <" + section + ">"
              : " <" + section + "+0x" + Long.toHexString(target) + ">";
    }
    return text;
  }

  /** The 8 bytes at {@code pos} as an instruction; an ld_imm64 gets only its low imm half. */
  private static Instruction word(byte[] code, int pos) {
    int opcode = code[pos] & 0xff;
    int regs = code[pos + 1] & 0xff;
    int offset = LeReader.s16At(code, pos + 2);
    return new Instruction(
        opcode, regs & 0xf, regs >> 4, offset, LeReader.i32At(code, pos + 4), null, null);
  }
}
