package io.bpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A helper call ({@code call id}) or a BPF-to-BPF call ({@code call function}). Arguments are
 * already in the fixed registers r1..r{@code argCount}; the result is in r0; r0-r5 are clobbered.
 */
public final class Call extends Insn {
  private final int helperId;
  private final String function;
  private List<Reg> argRegs;
  private List<Reg> clobbered;
  private boolean cannotFail;

  private Call(int helperId, String function, List<Reg> argRegs, List<Reg> clobbered, int line) {
    super(line);
    this.helperId = helperId;
    this.function = function;
    this.argRegs = List.copyOf(argRegs);
    this.clobbered = List.copyOf(clobbered);
  }

  /** A call of kernel helper {@code id}. */
  public static Call helper(int id, List<Reg> argRegs, List<Reg> clobbered, int line) {
    return new Call(id, null, argRegs, clobbered, line);
  }

  /** A BPF-to-BPF call of {@code function}. */
  public static Call function(String function, List<Reg> argRegs, List<Reg> clobbered, int line) {
    return new Call(-1, function, argRegs, clobbered, line);
  }

  /**
   * Marks a helper call proven to succeed (a {@code bpf_xdp_load_bytes} of bytes a dominating
   * bounds check covers): it writes all of its buffer, and returns 0.
   */
  public void markCannotFail() {
    cannotFail = true;
  }

  public boolean cannotFail() {
    return cannotFail;
  }

  public int helperId() {
    return helperId;
  }

  /** The called function's symbol, or null for a helper call. */
  public String function() {
    return function;
  }

  public List<Reg> argRegs() {
    return argRegs;
  }

  @Override
  public List<Reg> uses() {
    return argRegs;
  }

  @Override
  public List<Reg> defs() {
    return clobbered;
  }

  /**
   * Fixed registers are never replaced by the optimizer; an inliner maps them between functions.
   */
  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    argRegs = argRegs.stream().map(r -> (Reg) f.apply(r)).toList();
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    clobbered = clobbered.stream().map(f).toList();
  }

  @Override
  public boolean hasSideEffects() {
    return true;
  }

  @Override
  public String toString() {
    List<String> args = new ArrayList<>();
    argRegs.forEach(r -> args.add(r.toString()));
    return "call "
        + (function != null ? function : "#" + helperId)
        + "("
        + String.join(", ", args)
        + ")";
  }

  @Override
  public Call copy() {
    Call c = new Call(helperId, function, argRegs, clobbered, line());
    c.cannotFail = cannotFail;
    return c;
  }
}
