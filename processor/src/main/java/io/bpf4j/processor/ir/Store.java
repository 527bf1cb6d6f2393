package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** {@code *(size *)(base + offset) = src}, where src is a register or an immediate. */
public final class Store extends Insn {
  private final int size;
  private final int offset;
  private Operand base;
  private Operand src;

  public Store(Operand base, int offset, int size, Operand src, int line) {
    super(line);
    this.base = base;
    this.offset = offset;
    this.size = size;
    this.src = src;
  }

  public Operand base() {
    return base;
  }

  public int offset() {
    return offset;
  }

  public int size() {
    return size;
  }

  public Operand src() {
    return src;
  }

  @Override
  public List<Reg> uses() {
    return regs(base, src);
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    base = f.apply(base);
    src = f.apply(src);
  }

  @Override
  public boolean hasSideEffects() {
    return true;
  }

  @Override
  public String toString() {
    return "*(u" + size * 8 + " *)(" + base + " + " + offset + ") = " + src;
  }

  @Override
  public Store copy() {
    return new Store(base, offset, size, src, line());
  }
}
