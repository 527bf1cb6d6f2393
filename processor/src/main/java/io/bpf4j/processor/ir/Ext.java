package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dst = (s<fromBits>) src}: sign extension from the low {@code fromBits} bits, to the width
 * of {@code dst} (cpu v4 {@code movsx}). Java's {@code i2l}, {@code i2b} and {@code i2s}.
 */
public final class Ext extends Insn {
  private final int fromBits;
  private Reg dst;
  private Operand src;

  public Ext(Reg dst, Reg src, int fromBits, int line) {
    super(line);
    this.dst = dst;
    this.src = src;
    this.fromBits = fromBits;
  }

  public Reg dst() {
    return dst;
  }

  public Reg src() {
    return (Reg) src;
  }

  public int fromBits() {
    return fromBits;
  }

  @Override
  public List<Reg> uses() {
    return regs(src);
  }

  @Override
  public List<Reg> defs() {
    return List.of(dst);
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    Operand mapped = f.apply(src);
    if (mapped instanceof Reg) {
      src = mapped;
    }
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    dst = f.apply(dst);
  }

  @Override
  public String toString() {
    return dst + " = (s" + fromBits + ") " + src;
  }

  @Override
  public Ext copy() {
    return new Ext(dst, (Reg) src, fromBits, line());
  }
}
