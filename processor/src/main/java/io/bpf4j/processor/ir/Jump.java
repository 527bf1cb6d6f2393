package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** An unconditional jump. */
public final class Jump extends Insn {
  private Block target;

  public Jump(Block target, int line) {
    super(line);
    this.target = target;
  }

  public Block target() {
    return target;
  }

  public void setTarget(Block target) {
    this.target = target;
  }

  @Override
  public List<Reg> uses() {
    return List.of();
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
    return "goto " + target;
  }
}
