package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** {@code exit}: returns r0. */
public final class Exit extends Insn {
  private final Reg r0;

  public Exit(Reg r0, int line) {
    super(line);
    this.r0 = r0;
  }

  @Override
  public List<Reg> uses() {
    return List.of(r0);
  }

  @Override
  public List<Reg> defs() {
    return List.of();
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {}

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {}

  @Override
  public boolean hasSideEffects() {
    return true;
  }

  @Override
  public boolean isTerminator() {
    return true;
  }

  @Override
  public String toString() {
    return "exit";
  }
}
