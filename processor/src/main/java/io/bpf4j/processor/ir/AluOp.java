package io.bpf4j.processor.ir;

import io.bpf4j.object.insn.Opcode;

/** Binary ALU operations, with their BPF operation bits. */
public enum AluOp {
  ADD(Opcode.ADD, "+", true),
  SUB(Opcode.SUB, "-", false),
  MUL(Opcode.MUL, "*", true),
  DIV(Opcode.DIV, "/", false),
  MOD(Opcode.MOD, "%", false),
  OR(Opcode.OR, "|", true),
  AND(Opcode.AND, "&", true),
  XOR(Opcode.XOR, "^", true),
  LSH(Opcode.LSH, "<<", false),
  RSH(Opcode.RSH, ">>", false),
  ARSH(Opcode.ARSH, "s>>", false);

  private final int bits;
  private final String symbol;
  private final boolean commutative;

  AluOp(int bits, String symbol, boolean commutative) {
    this.bits = bits;
    this.symbol = symbol;
    this.commutative = commutative;
  }

  public int bits() {
    return bits;
  }

  public String symbol() {
    return symbol;
  }

  public boolean commutative() {
    return commutative;
  }
}
