package io.bpf4j.object.insn;

/**
 * One eBPF instruction, as a value. A 64-bit immediate load ({@code ld_imm64}) is one instruction
 * of {@link #width()} 2. A jump keeps its {@link #target()} label until encoding; an instruction
 * that needs an ELF relocation carries its {@link #ref()}.
 *
 * @param opcode the opcode byte
 * @param dst the destination register
 * @param src the source register, or the pseudo-source number in {@link #srcNumber()}
 * @param offset the signed 16-bit offset (jumps: in instructions; memory: in bytes)
 * @param imm the immediate: 32 bits, or 64 bits for {@code ld_imm64}
 * @param target the symbolic jump target, or null when {@code offset} is final
 * @param ref the relocation target, or null
 */
public record Instruction(
    int opcode, int dst, int src, int offset, long imm, Label target, SymbolRef ref) {

  public Instruction {
    if (opcode < 0 || opcode > 0xff) {
      throw new IllegalArgumentException("opcode out of range: " + opcode);
    }
    if (dst < 0 || dst > 15 || src < 0 || src > 15) {
      throw new IllegalArgumentException("register field out of range: " + dst + ", " + src);
    }
    if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
      throw new IllegalArgumentException("offset does not fit 16 bits: " + offset);
    }
    if (!isLoadImm64(opcode) && (imm < Integer.MIN_VALUE || imm > 0xffffffffL)) {
      throw new IllegalArgumentException("immediate does not fit 32 bits: " + imm);
    }
    if (!isLoadImm64(opcode)) {
      imm = (int) imm;
    }
  }

  /** A plain instruction without label or relocation. */
  public static Instruction of(int opcode, Register dst, Register src, int offset, long imm) {
    return new Instruction(opcode, dst.number(), src.number(), offset, imm, null, null);
  }

  /** The instruction slots this instruction occupies: 2 for {@code ld_imm64}, else 1. */
  public int width() {
    return isLoadImm64(opcode) ? 2 : 1;
  }

  public boolean isLoadImm64() {
    return isLoadImm64(opcode);
  }

  private static boolean isLoadImm64(int opcode) {
    return opcode == (Opcode.LD | Opcode.IMM | Opcode.DW);
  }

  public Register dstRegister() {
    return Register.of(dst);
  }

  public Register srcRegister() {
    return Register.of(src);
  }

  /** The raw src field, which for {@code ld_imm64} and {@code call} is a pseudo-source number. */
  public int srcNumber() {
    return src;
  }

  /** This instruction with its jump target resolved to {@code newOffset}. */
  public Instruction withOffset(int newOffset) {
    return new Instruction(opcode, dst, src, newOffset, imm, null, ref);
  }

  /** This instruction with another immediate. */
  public Instruction withImm(long newImm) {
    return new Instruction(opcode, dst, src, offset, newImm, target, ref);
  }

  /** This instruction with another pseudo-source number. */
  public Instruction withSrc(int newSrc) {
    return new Instruction(opcode, dst, newSrc, offset, imm, target, ref);
  }

  @Override
  public String toString() {
    return Disassembler.format(this);
  }
}
