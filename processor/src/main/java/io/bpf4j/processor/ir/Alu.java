package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dst op= src}, 32- or 64-bit by {@code dst}'s kind. {@code signed} selects the cpu v4
 * signed forms of DIV and MOD, which keep Java's meaning.
 */
public final class Alu extends Insn {
  private final AluOp op;
  private final boolean signed;
  private Reg dst;
  private Operand src;

  public Alu(AluOp op, boolean signed, Reg dst, Operand src, int line) {
    super(line);
    this.op = op;
    this.signed = signed;
    this.dst = dst;
    this.src = src;
  }

  public AluOp op() {
    return op;
  }

  public boolean signed() {
    return signed;
  }

  public Reg dst() {
    return dst;
  }

  public Operand src() {
    return src;
  }

  @Override
  public List<Reg> uses() {
    return regs(dst, src);
  }

  @Override
  public List<Reg> defs() {
    return List.of(dst);
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    src = f.apply(src);
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    dst = f.apply(dst);
  }

  @Override
  public String toString() {
    return dst + " " + (signed ? "s" : "") + op.symbol() + "= " + src;
  }

  @Override
  public Alu copy() {
    return new Alu(op, signed, dst, src, line());
  }
}
