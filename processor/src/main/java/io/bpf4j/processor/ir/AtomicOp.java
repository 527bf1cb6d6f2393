package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** {@code lock *(size *)(base + offset) op= src}: one BPF atomic instruction, without fetch. */
public final class AtomicOp extends Insn {
  private final int atomicOp;
  private final int size;
  private final int offset;
  private Operand base;
  private Operand src;

  public AtomicOp(int atomicOp, Operand base, int offset, int size, Reg src, int line) {
    super(line);
    this.atomicOp = atomicOp;
    this.base = base;
    this.offset = offset;
    this.size = size;
    this.src = src;
  }

  /** The operation, as {@code Opcode.ATOMIC_*}. */
  public int atomicOp() {
    return atomicOp;
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

  public Reg src() {
    return (Reg) src;
  }

  @Override
  public List<Reg> uses() {
    return regs(base, src);
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    base = f.apply(base);
    Operand mapped = f.apply(src);
    if (mapped instanceof Reg) {
      src = mapped;
    }
  }

  @Override
  public boolean hasSideEffects() {
    return true;
  }

  @Override
  public String toString() {
    return "lock *(u" + size * 8 + " *)(" + base + " + " + offset + ") op" + atomicOp + "= " + src;
  }

  @Override
  public AtomicOp copy() {
    AtomicOp a = new AtomicOp(atomicOp, base, offset, size, null, line());
    a.src = src;
    return a;
  }
}
