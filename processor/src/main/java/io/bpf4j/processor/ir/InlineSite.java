package io.bpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A call that the inlining pass replaces with the callee's IR: what translation leaves where it
 * decided to inline. It carries the callee (translated for this call site), the arguments, the
 * register for the result, and where in the caller's creation order of registers, blocks, slots,
 * helper calls and nullable registers the call was, so that the pass numbers what it splices in as
 * if it had been created at the call.
 */
public final class InlineSite extends Insn {
  private final Function callee;
  private final List<Operand> args;
  private final List<Boolean> args64;
  private final Reg result;
  private final Reg regBefore;
  private final Block blockBefore;
  private final Block layoutAnchor;
  private final FrameSlot slotBefore;
  private final int[] helperCallBefore;
  private final Reg nullableBefore;

  /**
   * @param result the register for the callee's result, or null for a void callee
   * @param layoutAnchor the block the callee's blocks are laid out after
   */
  public InlineSite(
      Function caller,
      Function callee,
      List<Operand> args,
      List<Boolean> args64,
      Reg result,
      Block layoutAnchor,
      int line) {
    super(line);
    this.callee = callee;
    this.args = new ArrayList<>(args);
    this.args64 = List.copyOf(args64);
    this.result = result;
    this.layoutAnchor = layoutAnchor;
    List<Reg> regs = caller.regs();
    this.regBefore = result == null ? last(regs) : regs.get(regs.indexOf(result) - 1);
    this.blockBefore = caller.lastCreatedBlock();
    this.slotBefore = last(caller.slots());
    this.helperCallBefore = last(caller.helperCalls());
    this.nullableBefore = last(new ArrayList<>(caller.nullable()));
  }

  private InlineSite(InlineSite from, List<Operand> args, Block layoutAnchor) {
    super(from.line());
    this.callee = from.callee;
    this.args = new ArrayList<>(args);
    this.args64 = from.args64;
    this.result = from.result;
    this.layoutAnchor = layoutAnchor;
    this.regBefore = from.regBefore;
    this.blockBefore = from.blockBefore;
    this.slotBefore = from.slotBefore;
    this.helperCallBefore = from.helperCallBefore;
    this.nullableBefore = from.nullableBefore;
  }

  /**
   * This call with {@code args} instead, its callee laid out after {@code layoutAnchor}: for a pass
   * that moves the call into a block of its own before splicing. What it adds keeps its numbering.
   */
  public InlineSite relocated(List<Operand> args, Block layoutAnchor) {
    return new InlineSite(this, args, layoutAnchor);
  }

  private static <T> T last(List<T> list) {
    return list.isEmpty() ? null : list.get(list.size() - 1);
  }

  public Function callee() {
    return callee;
  }

  public List<Operand> args() {
    return args;
  }

  public List<Boolean> args64() {
    return args64;
  }

  public Reg result() {
    return result;
  }

  /** The caller's register created last before the call. */
  public Reg regBefore() {
    return regBefore;
  }

  /** The caller's block created last before the call, or null. */
  public Block blockBefore() {
    return blockBefore;
  }

  /** The block the callee's blocks are laid out after. */
  public Block layoutAnchor() {
    return layoutAnchor;
  }

  /** The caller's slot created last before the call, or null. */
  public FrameSlot slotBefore() {
    return slotBefore;
  }

  /** The caller's helper call recorded last before the call, or null. */
  public int[] helperCallBefore() {
    return helperCallBefore;
  }

  /** The caller's register marked nullable last before the call, or null. */
  public Reg nullableBefore() {
    return nullableBefore;
  }

  @Override
  public List<Reg> uses() {
    return regs(args.toArray(new Operand[0]));
  }

  @Override
  public boolean hasSideEffects() {
    return true;
  }

  @Override
  public String toString() {
    return (result != null ? result + " = " : "") + "inline " + callee.name() + args;
  }

  @Override
  public InlineSite copy() {
    throw new UnsupportedOperationException("an inline site is spliced, never copied");
  }
}
