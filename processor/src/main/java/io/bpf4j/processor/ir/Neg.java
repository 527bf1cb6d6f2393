package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** {@code dst = -dst}. */
public final class Neg extends Insn {
  private Reg dst;

  public Neg(Reg dst, int line) {
    super(line);
    this.dst = dst;
  }

  public Reg dst() {
    return dst;
  }

  @Override
  public List<Reg> uses() {
    return List.of(dst);
  }

  @Override
  public List<Reg> defs() {
    return List.of(dst);
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    dst = f.apply(dst);
  }

  @Override
  public String toString() {
    return dst + " = -" + dst;
  }

  @Override
  public Neg copy() {
    return new Neg(dst, line());
  }
}
