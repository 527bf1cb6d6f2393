package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import org.objectweb.asm.Opcodes;

/**
 * Java integer arithmetic with Java's exact meaning: int wrap-around, signed division, masked shift
 * counts, and "return 0" where Java would throw ({@code ArithmeticException}).
 */
final class Arith {
  private Arith() {}

  static AluOp aluOp(int opcode) {
    return switch (opcode) {
      case Opcodes.IADD, Opcodes.LADD -> AluOp.ADD;
      case Opcodes.ISUB, Opcodes.LSUB -> AluOp.SUB;
      case Opcodes.IMUL, Opcodes.LMUL -> AluOp.MUL;
      case Opcodes.IDIV, Opcodes.LDIV -> AluOp.DIV;
      case Opcodes.IREM, Opcodes.LREM -> AluOp.MOD;
      case Opcodes.ISHL, Opcodes.LSHL -> AluOp.LSH;
      case Opcodes.ISHR, Opcodes.LSHR -> AluOp.ARSH;
      case Opcodes.IUSHR, Opcodes.LUSHR -> AluOp.RSH;
      case Opcodes.IAND, Opcodes.LAND -> AluOp.AND;
      case Opcodes.IOR, Opcodes.LOR -> AluOp.OR;
      case Opcodes.IXOR, Opcodes.LXOR -> AluOp.XOR;
      default -> throw new IllegalArgumentException("not an arithmetic opcode: " + opcode);
    };
  }

  /** {@code lhs op rhs} for an int or long bytecode operation. */
  static Value.Op javaBinary(IrBuilder b, int opcode, Reg.Kind kind, Value.Op lhs, Value.Op rhs) {
    AluOp op = aluOp(opcode);
    boolean is64 = kind == Reg.Kind.LONG;
    boolean shift = op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH;
    Value.Op count = rhs;
    if (shift) {
      // Java masks shift counts to 5 (int) or 6 (long) bits; BPF leaves larger counts undefined.
      int mask = is64 ? 63 : 31;
      count =
          rhs.operand() instanceof Imm i
              ? new Value.Op(new Imm(i.value() & mask), Reg.Kind.INT)
              : binary(b, AluOp.AND, false, rhs, new Value.Op(new Imm(mask), Reg.Kind.INT));
      if (is64 && count.operand() instanceof Reg r && r.kind() == Reg.Kind.INT) {
        count = new Value.Op(r, Reg.Kind.INT);
      }
    }
    if (lhs.operand() instanceof Imm a && count.operand() instanceof Imm c) {
      Long folded = fold(op, a.value(), c.value(), is64);
      if (folded != null) {
        return new Value.Op(new Imm(folded), kind);
      }
    }
    if (op == AluOp.DIV || op == AluOp.MOD) {
      if (count.operand() instanceof Imm c) {
        if (c.value() == 0) {
          b.jump(b.returnZeroBlock());
          return new Value.Op(new Imm(0), kind);
        }
      } else {
        b.exitZeroIf(Cond.EQ, is64, (Reg) count.operand(), new Imm(0));
      }
    }
    Reg t = b.copy(kind, lhs.operand(), op.name().toLowerCase());
    b.alu(op, op == AluOp.DIV || op == AluOp.MOD, t, count.operand());
    return new Value.Op(t, kind);
  }

  /** {@code lhs op rhs} for operations that cannot throw, folding constants. */
  static Value.Op binary(IrBuilder b, AluOp op, boolean is64, Value.Op lhs, Value.Op rhs) {
    Reg.Kind kind = is64 ? Reg.Kind.LONG : Reg.Kind.INT;
    if (lhs.operand() instanceof Imm a && rhs.operand() instanceof Imm c) {
      return new Value.Op(new Imm(fold(op, a.value(), c.value(), is64)), kind);
    }
    Reg t = b.copy(kind, lhs.operand(), op.name().toLowerCase());
    b.alu(op, false, t, rhs.operand());
    return new Value.Op(t, kind);
  }

  /** Sign-extends the low {@code bits} of {@code v} to {@code to}. */
  static Value.Op signExtend(IrBuilder b, Value.Op v, int bits, Reg.Kind to) {
    if (v.operand() instanceof Imm i) {
      long x = i.value();
      long r = bits == 8 ? (byte) x : bits == 16 ? (short) x : (int) x;
      return new Value.Op(new Imm(r), to);
    }
    Reg t = b.newReg(to, "sx");
    // Only i2l is free on such a value: narrowing to byte or short changes it.
    if (bits == 32 && to.is64() && v.operand() instanceof Reg r && r.isZeroExtendedNonNegative()) {
      b.add(new Mov(t, r, to.is64(), b.line()));
      return new Value.Op(t, to);
    }
    b.add(new Ext(t, (Reg) v.operand(), bits, b.line()));
    return new Value.Op(t, to);
  }

  /** Java's result of {@code a op c}, or null when it would throw. */
  static Long fold(AluOp op, long a, long c, boolean is64) {
    if (is64) {
      return switch (op) {
        case ADD -> a + c;
        case SUB -> a - c;
        case MUL -> a * c;
        case DIV -> c == 0 ? null : a / c;
        case MOD -> c == 0 ? null : a % c;
        case OR -> a | c;
        case AND -> a & c;
        case XOR -> a ^ c;
        case LSH -> a << c;
        case RSH -> a >>> c;
        case ARSH -> a >> c;
      };
    }
    int x = (int) a;
    int y = (int) c;
    Integer r =
        switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> y == 0 ? null : x / y;
          case MOD -> y == 0 ? null : x % y;
          case OR -> x | y;
          case AND -> x & y;
          case XOR -> x ^ y;
          case LSH -> x << y;
          case RSH -> x >>> y;
          case ARSH -> x >> y;
        };
    return r == null ? null : (long) r;
  }
}
