package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;

/**
 * The -1/0/1 value of a three-way comparison that is used as a number (stored, returned, compared
 * with something other than zero): BPF has no compare-to-register instruction, so it is two
 * branches and three constants.
 */
final class CompareResults {
  private CompareResults() {}

  static Value.Op value(IrBuilder b, Value.Compare c) {
    Operand x = c.a().operand();
    Operand y = c.b().operand();
    Cond less = c.unsigned() ? Cond.ULT : Cond.SLT;
    if (x instanceof Imm i && y instanceof Imm j) {
      return new Value.Op(new Imm(folded(c, i.value(), j.value())), Reg.Kind.INT);
    }
    Reg.Kind kind = c.is64() ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg left = x instanceof Reg r ? r : b.copy(kind, x, "cmp");
    Operand right = y instanceof Reg || y instanceof Imm ? y : b.copy(kind, y, "cmp");
    Reg result = b.newReg(Reg.Kind.INT, "compare");
    Block done = b.function().newBlock();
    Block notEqual = b.function().newBlock();
    Block notLess = b.function().newBlock();
    b.mov(result, new Imm(0));
    b.branch(Cond.EQ, c.is64(), left, right, done, notEqual);
    b.switchTo(notEqual);
    b.mov(result, new Imm(-1));
    b.branch(less, c.is64(), left, right, done, notLess);
    b.switchTo(notLess);
    b.mov(result, new Imm(1));
    b.jump(done);
    b.switchTo(done);
    return new Value.Op(result, Reg.Kind.INT);
  }

  private static int folded(Value.Compare c, long x, long y) {
    if (c.is64()) {
      return c.unsigned() ? Long.compareUnsigned(x, y) : Long.compare(x, y);
    }
    return c.unsigned()
        ? Integer.compareUnsigned((int) x, (int) y)
        : Integer.compare((int) x, (int) y);
  }
}
