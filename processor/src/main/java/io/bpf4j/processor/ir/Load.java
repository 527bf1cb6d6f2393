package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dst = *(size *)(base + offset)}; {@code signed} sign-extends (cpu v4 {@code ldsx}). The
 * base is a register (map value, context) or a {@link FrameAddr} (stack object).
 */
public final class Load extends Insn {
  private final int size;
  private final boolean signed;
  private final int offset;
  private Reg dst;
  private Operand base;
  private CoreAccess core;

  public Load(Reg dst, Operand base, int offset, int size, boolean signed, int line) {
    super(line);
    this.dst = dst;
    this.base = base;
    this.offset = offset;
    this.size = size;
    this.signed = signed;
  }

  /**
   * Makes the offset relocatable: a load of a kernel struct field through a BTF-typed pointer,
   * whose offset the loader sets from the kernel's BTF.
   */
  public Load relocatedBy(CoreAccess access) {
    this.core = access;
    return this;
  }

  /** The CO-RE relocation of the offset, or null. */
  public CoreAccess core() {
    return core;
  }

  public Reg dst() {
    return dst;
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

  public boolean signed() {
    return signed;
  }

  @Override
  public List<Reg> uses() {
    return regs(base);
  }

  @Override
  public List<Reg> defs() {
    return List.of(dst);
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    base = f.apply(base);
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    dst = f.apply(dst);
  }

  @Override
  public String toString() {
    return dst
        + " = *("
        + (signed ? "s" : "u")
        + size * 8
        + " *)("
        + base
        + " + "
        + offset
        + ")"
        + (core == null ? "" : " @core<" + core + ">");
  }

  @Override
  public Load copy() {
    return new Load(dst, base, offset, size, signed, line()).relocatedBy(core);
  }
}
