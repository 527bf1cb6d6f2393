package io.bpf4j.processor.ir;

import io.bpf4j.object.insn.Register;
import java.util.ArrayList;
import java.util.List;

/** Appends instructions to a current block of a function, stamping each with the current line. */
public final class IrBuilder {
  private final Function function;
  private Block block;
  private int line;
  private Block returnZero;

  public IrBuilder(Function function) {
    this.function = function;
  }

  public Function function() {
    return function;
  }

  public Block block() {
    return block;
  }

  /** Continues emission in {@code b}. */
  public void switchTo(Block b) {
    block = b;
  }

  public int line() {
    return line;
  }

  public void setLine(int line) {
    this.line = line;
  }

  public Reg newReg(Reg.Kind kind, String name) {
    return function.newReg(kind, name);
  }

  public <T extends Insn> T add(T insn) {
    if (block.isTerminated()) {
      // Code after a terminator (e.g. after a division by constant zero) is unreachable.
      block = function.newBlock();
    }
    block.add(insn);
    return insn;
  }

  public void mov(Reg dst, Operand src) {
    add(new Mov(dst, src, line));
    carryPointerType(dst, src);
  }

  /** A fresh register holding {@code src}: the start of a two-address operation. */
  public Reg copy(Reg.Kind kind, Operand src, String name) {
    Reg t = newReg(kind, name);
    add(new Mov(t, src, kind.is64(), line));
    carryPointerType(t, src);
    return t;
  }

  /** A copy of a BTF-typed pointer is one too; any other reference makes the register plain. */
  private static void carryPointerType(Reg dst, Operand src) {
    if (dst.kind() != Reg.Kind.REF || src instanceof Imm) {
      return; // null says nothing about the pointer's type
    }
    if (src instanceof Reg r && r.isBtfTyped()) {
      dst.markBtfTyped();
    } else {
      dst.markPlain();
    }
  }

  /** {@code src} as a register: registers as they are, anything else moved into a new one. */
  public Reg inReg(Operand src, Reg.Kind kind, String name) {
    return src instanceof Reg r ? r : copy(kind, src, name);
  }

  public void alu(AluOp op, boolean signed, Reg dst, Operand src) {
    add(new Alu(op, signed, dst, narrow(src, dst.is64()), line));
  }

  /**
   * {@code src}, or a register holding it when it is a constant that a 64-bit instruction's
   * sign-extended 32-bit immediate cannot express.
   */
  private Operand narrow(Operand src, boolean is64) {
    if (is64 && src instanceof Imm i && !i.fitsInt32()) {
      return copy(Reg.Kind.LONG, i, "wide");
    }
    return src;
  }

  public void load(Reg dst, Operand base, int offset, int size, boolean signed) {
    add(new Load(dst, base, offset, size, signed, line));
  }

  public void store(Operand base, int offset, int size, Operand src) {
    add(new Store(base, offset, size, src, line));
  }

  /**
   * Calls helper {@code id} (or {@code function} when non-null) with {@code args} moved into
   * r1..rN; returns r0's value in a new register of {@code resultKind}, or null when it is void.
   */
  public Reg call(
      int id, String functionName, List<Operand> args, List<Boolean> args64, Reg.Kind resultKind) {
    List<Reg> argRegs = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Reg fixed = function.fixed(Register.of(i + 1));
      add(new Mov(fixed, args.get(i), args64.get(i), line));
      argRegs.add(fixed);
    }
    if (functionName == null) {
      function.recordHelperCall(id, line);
    }
    add(
        functionName == null
            ? Call.helper(id, argRegs, function.callerSaved(), line)
            : Call.function(functionName, argRegs, function.callerSaved(), line));
    if (resultKind == null) {
      return null;
    }
    Reg result = newReg(resultKind, "ret");
    // A full copy even for int results: int operations never read the upper half.
    add(new Mov(result, function.fixed(Register.R0), true, line));
    return result;
  }

  public void jump(Block target) {
    add(new Jump(target, line));
  }

  public void branch(Cond cond, boolean is64, Reg a, Operand b, Block ifTrue, Block ifFalse) {
    add(new Branch(cond, is64, a, narrow(b, is64), ifTrue, ifFalse, line));
  }

  /** Returns {@code value} (32-bit when {@code is64} is false) from the function. */
  public void ret(Operand value, boolean is64) {
    Reg r0 = function.fixed(Register.R0);
    add(new Mov(r0, value, is64, line));
    add(new Exit(r0, line));
  }

  /**
   * The shared block of failures: where Java would throw (division by zero, null dereference), BPF
   * code ends the program with 0 (see {@link Function#failInto}).
   */
  public Block returnZeroBlock() {
    if (returnZero == null) {
      returnZero = function.newBlock();
      function.failInto(returnZero, line);
    }
    return returnZero;
  }

  /**
   * Branches to the return-zero block when {@code a cond b}; continues in a new block otherwise.
   */
  public void exitZeroIf(Cond cond, boolean is64, Reg a, Operand b) {
    Block cont = function.newBlock();
    branch(cond, is64, a, b, returnZeroBlock(), cont);
    block = cont;
  }
}
