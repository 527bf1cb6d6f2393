package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.List;

/**
 * Java's unsigned helpers on {@code Integer} and {@code Long} as the BPF instructions that already
 * are unsigned: {@code toUnsignedLong} is a 32-bit move (which zero-extends), {@code
 * divideUnsigned}/{@code remainderUnsigned} are {@code BPF_DIV}/{@code BPF_MOD} (unsigned in BPF),
 * with "return the fault value" where Java throws on a zero divisor; {@code compare} and {@code
 * compareUnsigned} are jumps of that signedness.
 */
final class UnsignedOps {
  private UnsignedOps() {}

  /** The value of {@code Integer.name(args)} or {@code Long.name(args)}, or null when not one. */
  static Value call(
      IrBuilder b, boolean isLong, String name, List<Value> args, Intrinsics.Materializer m) {
    switch (name) {
      case "toUnsignedLong" -> {
        if (isLong || args.size() != 1) {
          return null;
        }
        return toUnsignedLong(b, m.op(args.get(0)));
      }
      case "divideUnsigned", "remainderUnsigned" -> {
        if (args.size() != 2) {
          return null;
        }
        AluOp op = name.equals("divideUnsigned") ? AluOp.DIV : AluOp.MOD;
        return divide(b, op, isLong, m.op(args.get(0)), m.op(args.get(1)));
      }
      case "compareUnsigned", "compare" -> {
        if (args.size() != 2) {
          return null;
        }
        // Left symbolic: compared with zero it is one jump on the operands (unsigned ones for
        // compareUnsigned), used as a number it becomes -1/0/1 (CompareResults).
        return new Value.Compare(
            m.op(args.get(0)), m.op(args.get(1)), isLong, name.equals("compareUnsigned"));
      }
      default -> {
        return null;
      }
    }
  }

  private static Value.Op toUnsignedLong(IrBuilder b, Value.Op v) {
    if (v.operand() instanceof Imm i) {
      return new Value.Op(new Imm(Integer.toUnsignedLong((int) i.value())), Reg.Kind.LONG);
    }
    Reg t = b.newReg(Reg.Kind.LONG, "u32");
    b.add(new Mov(t, v.operand(), false, b.line()));
    return new Value.Op(t, Reg.Kind.LONG);
  }

  private static Value.Op divide(IrBuilder b, AluOp op, boolean is64, Value.Op lhs, Value.Op rhs) {
    Reg.Kind kind = is64 ? Reg.Kind.LONG : Reg.Kind.INT;
    if (rhs.operand() instanceof Imm c) {
      long divisor = is64 ? c.value() : Integer.toUnsignedLong((int) c.value());
      if (divisor == 0) {
        b.jump(b.returnZeroBlock());
        return new Value.Op(new Imm(0), kind);
      }
      if (lhs.operand() instanceof Imm a) {
        return new Value.Op(new Imm(fold(op, is64, a.value(), c.value())), kind);
      }
    } else {
      b.exitZeroIf(Cond.EQ, is64, (Reg) rhs.operand(), new Imm(0));
    }
    Reg t = b.copy(kind, lhs.operand(), op == AluOp.DIV ? "udiv" : "urem");
    b.alu(op, false, t, rhs.operand());
    return new Value.Op(t, kind);
  }

  private static long fold(AluOp op, boolean is64, long a, long c) {
    if (is64) {
      return op == AluOp.DIV ? Long.divideUnsigned(a, c) : Long.remainderUnsigned(a, c);
    }
    int x = (int) a;
    int y = (int) c;
    return op == AluOp.DIV ? Integer.divideUnsigned(x, y) : Integer.remainderUnsigned(x, y);
  }
}
