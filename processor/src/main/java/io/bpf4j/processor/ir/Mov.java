package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dst = src}, 64- or 32-bit: a 32-bit move takes the low 32 bits and zeroes the rest (so a
 * LONG source is truncated, as Java's {@code l2i}).
 */
public final class Mov extends Insn {
  private final boolean is64;
  private boolean zeroExtends;
  private Reg dst;
  private Operand src;

  public Mov(Reg dst, Operand src, int line) {
    this(dst, src, dst.is64(), line);
  }

  /** A move of explicit width: 32-bit moves zero the upper half of the destination. */
  public Mov(Reg dst, Operand src, boolean is64, int line) {
    super(line);
    this.dst = dst;
    this.src = src;
    this.is64 = is64;
  }

  public boolean is64() {
    return is64;
  }

  /**
   * Whether this move changes bits even between equal registers: a 32-bit move of a 64-bit value
   * truncates it, and a {@link #zeroExtend} move clears an int's upper half (which int operations
   * never read, and so otherwise leave undefined).
   */
  public boolean truncates() {
    return !is64 && src instanceof Reg r && (r.is64() || zeroExtends);
  }

  /**
   * {@code dst = (u32) src} as its own instruction, even when both get the same register: the
   * verifier must see the upper half cleared before an int becomes part of an address.
   */
  public static Mov zeroExtend(Reg dst, Reg src, int line) {
    Mov m = new Mov(dst, src, false, line);
    m.zeroExtends = true;
    return m;
  }

  public Reg dst() {
    return dst;
  }

  public Operand src() {
    return src;
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
    src = f.apply(src);
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    dst = f.apply(dst);
  }

  @Override
  public String toString() {
    return dst + (is64 ? " = " : " =32 ") + src;
  }

  @Override
  public Mov copy() {
    Mov m = new Mov(dst, src, is64, line());
    m.zeroExtends = zeroExtends;
    return m;
  }
}
