package io.bpf4j.processor.ir;

import java.util.List;

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
  public boolean isTerminator() {
    return true;
  }

  @Override
  public String toString() {
    return "exit";
  }

  @Override
  public Exit copy() {
    return new Exit(r0, line());
  }
}
