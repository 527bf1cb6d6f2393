package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An IR instruction. Operations are two-address where BPF is ({@code dst op= src}), so the IR maps
 * one to one onto machine instructions once registers are assigned.
 */
public abstract sealed class Insn
    permits Mov,
        Alu,
        Neg,
        Ext,
        ByteSwap,
        Load,
        Store,
        AtomicOp,
        Call,
        InlineSite,
        PacketLoad,
        Exit,
        Jump,
        Branch {
  private int line;

  protected Insn(int line) {
    this.line = line;
  }

  /** The Java source line this instruction came from, or 0. */
  public int line() {
    return line;
  }

  public void setLine(int line) {
    this.line = line;
  }

  /** Registers read. */
  public abstract List<Reg> uses();

  /**
   * The same instruction as a new object (same operands, registers and targets), for code that is
   * duplicated (a loop unrolled); metadata kept by the function about this object is not copied.
   */
  public abstract Insn copy();

  /** Registers written (including registers a call clobbers); none by default. */
  public List<Reg> defs() {
    return List.of();
  }

  /**
   * Replaces every read operand through {@code f} (registers and other operands alike); a no-op for
   * instructions whose reads are fixed.
   */
  public void mapUses(UnaryOperator<Operand> f) {}

  /** Replaces every written register through {@code f}; a no-op for those that write none. */
  public void mapDefs(UnaryOperator<Reg> f) {}

  /** Whether the instruction has an effect beyond writing its defs (every terminator has). */
  public boolean hasSideEffects() {
    return isTerminator();
  }

  public boolean isTerminator() {
    return false;
  }

  protected static List<Reg> regs(Operand... operands) {
    List<Reg> out = new java.util.ArrayList<>(operands.length);
    for (Operand o : operands) {
      if (o instanceof Reg r) {
        out.add(r);
      }
    }
    return out;
  }
}
