package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code if (a cond b) goto ifTrue else goto ifFalse}, comparing 64 bits ({@code is64}) or the low
 * 32 (JMP32).
 */
public final class Branch extends Insn {
  private Cond cond;
  private final boolean is64;
  private Operand a;
  private Operand b;
  private Block ifTrue;
  private Block ifFalse;

  public Branch(Cond cond, boolean is64, Reg a, Operand b, Block ifTrue, Block ifFalse, int line) {
    super(line);
    this.cond = cond;
    this.is64 = is64;
    this.a = a;
    this.b = b;
    this.ifTrue = ifTrue;
    this.ifFalse = ifFalse;
  }

  public Cond cond() {
    return cond;
  }

  public boolean is64() {
    return is64;
  }

  public Operand a() {
    return a;
  }

  public Operand b() {
    return b;
  }

  public Block ifTrue() {
    return ifTrue;
  }

  public Block ifFalse() {
    return ifFalse;
  }

  public void setTargets(Block ifTrue, Block ifFalse) {
    this.ifTrue = ifTrue;
    this.ifFalse = ifFalse;
  }

  /** Swaps the operands so that a register comes first, as BPF requires. */
  public void normalize() {
    if (!(a instanceof Reg) && b instanceof Reg) {
      Operand t = a;
      a = b;
      b = t;
      cond = cond.swap();
    }
  }

  @Override
  public List<Reg> uses() {
    return regs(a, b);
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    a = f.apply(a);
    b = f.apply(b);
  }

  @Override
  public boolean isTerminator() {
    return true;
  }

  @Override
  public String toString() {
    return "if "
        + a
        + " "
        + cond.symbol()
        + (is64 ? "" : "32")
        + " "
        + b
        + " goto "
        + ifTrue
        + " else "
        + ifFalse;
  }

  @Override
  public Branch copy() {
    Branch c = new Branch(cond, is64, null, b, ifTrue, ifFalse, line());
    c.a = a;
    return c;
  }
}
