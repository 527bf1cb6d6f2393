package io.bpf4j.processor.ir;

import io.bpf4j.object.insn.Register;

/**
 * A register of the IR: virtual until register allocation, or fixed to a machine register where the
 * calling convention demands one (helper arguments in r1-r5, results in r0).
 */
public final class Reg implements Operand {
  /** How wide the value is: INT values use 32-bit ALU operations, LONG and REF 64-bit ones. */
  public enum Kind {
    INT,
    LONG,
    REF;

    public boolean is64() {
      return this != INT;
    }
  }

  private int id;
  private final Kind kind;
  private final Register fixed;
  private final String baseName;
  private boolean zeroExtendedNonNegative;
  private boolean btfTyped;
  private boolean plainPointer;

  /** {@code baseName}: what the register holds; it is printed with the id appended. */
  Reg(int id, Kind kind, Register fixed, String baseName) {
    this.id = id;
    this.kind = kind;
    this.fixed = fixed;
    this.baseName = baseName;
  }

  public int id() {
    return id;
  }

  /** Renumbers the register (when an inliner puts registers before it in creation order). */
  void setId(int id) {
    this.id = id;
  }

  /** What the register holds, without its id ({@code len} for {@code %len.7}). */
  public String baseName() {
    return baseName;
  }

  public Kind kind() {
    return kind;
  }

  public boolean is64() {
    return kind.is64();
  }

  /** The machine register this register must live in, or null for a virtual register. */
  public Register fixed() {
    return fixed;
  }

  public boolean isFixed() {
    return fixed != null;
  }

  /**
   * Marks a register written once, by a load that zero-extends a value known to stay below 2^31 (a
   * context field such as {@code len}, or a byte or char): its 64-bit contents already equal its
   * sign extension, so Java's {@code i2l} needs no instruction.
   */
  public void markZeroExtendedNonNegative() {
    zeroExtendedNonNegative = true;
  }

  public boolean isZeroExtendedNonNegative() {
    return zeroExtendedNonNegative;
  }

  /**
   * Marks a register that holds a BTF-typed kernel pointer ({@code bpf_get_current_task_btf}, a
   * typed tracing argument, a pointer field loaded through one): the verifier lets the program load
   * its struct's fields directly. A register that is ever given a plain number stays unmarked.
   */
  public void markBtfTyped() {
    if (!plainPointer) {
      btfTyped = true;
    }
  }

  /** Records that the register was given a value that is not a BTF-typed pointer. */
  public void markPlain() {
    plainPointer = true;
    btfTyped = false;
  }

  public boolean isBtfTyped() {
    return btfTyped;
  }

  @Override
  public String toString() {
    return fixed != null ? fixed.toString() : "%" + baseName + "." + id;
  }
}
