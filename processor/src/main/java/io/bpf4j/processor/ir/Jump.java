package io.bpf4j.processor.ir;

import java.util.List;

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
  public boolean isTerminator() {
    return true;
  }

  @Override
  public String toString() {
    return "goto " + target;
  }

  @Override
  public Jump copy() {
    return new Jump(target, line());
  }
}
