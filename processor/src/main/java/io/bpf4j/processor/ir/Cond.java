package io.bpf4j.processor.ir;

import io.bpf4j.object.insn.Opcode;

/** Branch conditions, with their BPF jump operation and negation. */
public enum Cond {
  EQ(Opcode.JEQ, "=="),
  NE(Opcode.JNE, "!="),
  SLT(Opcode.JSLT, "s<"),
  SLE(Opcode.JSLE, "s<="),
  SGT(Opcode.JSGT, "s>"),
  SGE(Opcode.JSGE, "s>="),
  ULT(Opcode.JLT, "<"),
  ULE(Opcode.JLE, "<="),
  UGT(Opcode.JGT, ">"),
  UGE(Opcode.JGE, ">=");

  private final int jumpOp;
  private final String symbol;

  Cond(int jumpOp, String symbol) {
    this.jumpOp = jumpOp;
    this.symbol = symbol;
  }

  public int jumpOp() {
    return jumpOp;
  }

  public String symbol() {
    return symbol;
  }

  /** The condition that holds exactly when this one does not. */
  public Cond negate() {
    return switch (this) {
      case EQ -> NE;
      case NE -> EQ;
      case SLT -> SGE;
      case SGE -> SLT;
      case SLE -> SGT;
      case SGT -> SLE;
      case ULT -> UGE;
      case UGE -> ULT;
      case ULE -> UGT;
      case UGT -> ULE;
    };
  }

  /**
   * The unsigned condition of the same order ({@code s<} becomes {@code <}); others as they are.
   */
  public Cond unsignedTwin() {
    return switch (this) {
      case SLT -> ULT;
      case SLE -> ULE;
      case SGT -> UGT;
      case SGE -> UGE;
      default -> this;
    };
  }

  /** The condition with its operands swapped ({@code a < b} is {@code b > a}). */
  public Cond swap() {
    return switch (this) {
      case EQ, NE -> this;
      case SLT -> SGT;
      case SGT -> SLT;
      case SLE -> SGE;
      case SGE -> SLE;
      case ULT -> UGT;
      case UGT -> ULT;
      case ULE -> UGE;
      case UGE -> ULE;
    };
  }

  /** Evaluates the condition on constants, at the given width. */
  public boolean test(long a, long b, boolean is64) {
    if (!is64) {
      a = (int) a;
      b = (int) b;
    }
    long ua = is64 ? a : a & 0xffffffffL;
    long ub = is64 ? b : b & 0xffffffffL;
    return switch (this) {
      case EQ -> a == b;
      case NE -> a != b;
      case SLT -> a < b;
      case SLE -> a <= b;
      case SGT -> a > b;
      case SGE -> a >= b;
      case ULT -> Long.compareUnsigned(ua, ub) < 0;
      case ULE -> Long.compareUnsigned(ua, ub) <= 0;
      case UGT -> Long.compareUnsigned(ua, ub) > 0;
      case UGE -> Long.compareUnsigned(ua, ub) >= 0;
    };
  }
}
