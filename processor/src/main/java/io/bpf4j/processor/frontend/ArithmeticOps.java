package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Reg;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;

/** Integer and long arithmetic, conversions and LCMP. */
final class ArithmeticOps extends BytecodeFamily {
  ArithmeticOps(MethodState s) {
    super(s);
  }

  /** Translates {@code n} if it is of this family; returns whether it was. */
  boolean translate(AbstractInsnNode n, int op, int index) {
    switch (op) {
      case Opcodes.IADD,
              Opcodes.ISUB,
              Opcodes.IMUL,
              Opcodes.IDIV,
              Opcodes.IREM,
              Opcodes.ISHL,
              Opcodes.ISHR,
              Opcodes.IUSHR,
              Opcodes.IAND,
              Opcodes.IOR,
              Opcodes.IXOR ->
          binary(op, Reg.Kind.INT, index);
      case Opcodes.LADD,
              Opcodes.LSUB,
              Opcodes.LMUL,
              Opcodes.LDIV,
              Opcodes.LREM,
              Opcodes.LSHL,
              Opcodes.LSHR,
              Opcodes.LUSHR,
              Opcodes.LAND,
              Opcodes.LOR,
              Opcodes.LXOR ->
          binary(op, Reg.Kind.LONG, index);
      case Opcodes.INEG, Opcodes.LNEG -> {
        Value.Op a = popOp();
        if (a.operand() instanceof Imm i) {
          push(op == Opcodes.INEG ? intConst(-(int) i.value()) : longConst(-i.value()));
        } else {
          Reg t = b.copy(a.kind(), a.operand(), "neg");
          b.add(new io.bpf4j.processor.ir.Neg(t, b.line()));
          push(new Value.Op(t, a.kind()));
        }
      }
      case Opcodes.I2L -> push(Arith.signExtend(b, popOp(), 32, Reg.Kind.LONG));
      case Opcodes.L2I -> {
        Value.Op a = popOp();
        if (a.operand() instanceof Imm i) {
          push(intConst((int) i.value()));
        } else {
          Reg t = b.newReg(Reg.Kind.INT, "l2i");
          // int operations read only the low half, so l2i needs no instruction of its own.
          b.add(new io.bpf4j.processor.ir.Mov(t, a.operand(), true, b.line()));
          push(new Value.Op(t, Reg.Kind.INT));
        }
      }
      case Opcodes.I2B -> push(Arith.signExtend(b, popOp(), 8, Reg.Kind.INT));
      case Opcodes.I2S -> push(Arith.signExtend(b, popOp(), 16, Reg.Kind.INT));
      case Opcodes.I2C -> push(Arith.binary(b, AluOp.AND, false, popOp(), intConst(0xffff)));
      case Opcodes.LCMP -> {
        Value.Op bb = popOp();
        Value.Op a = popOp();
        push(new Value.Compare(a, bb, true, false));
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private void binary(int opcode, Reg.Kind kind, int index) {
    Value rhs = pop();
    Value lhs = pop();
    AluOp op = Arith.aluOp(opcode);
    if (lhs instanceof Value.FieldRead read && !nextIsPutField(index, read)) {
      // A compound assignment whose value is used (its result is duplicated before the store).
      throw new CompileError(b.line(), Messages.atomicResultUsed(read.field().name()));
    }
    if (lhs instanceof Value.FieldRead read) {
      if (op == AluOp.ADD
          || op == AluOp.SUB
          || op == AluOp.OR
          || op == AluOp.AND
          || op == AluOp.XOR) {
        push(new Value.FieldUpdate(read, op, op(rhs)));
        return;
      }
      throw new CompileError(b.line(), Messages.atomicUnsupportedOp(read.field().name()));
    }
    push(Arith.javaBinary(b, opcode, kind, op(lhs), op(rhs)));
  }

  private boolean nextIsPutField(int index, Value.FieldRead read) {
    AbstractInsnNode next = method.instructions.get(index).getNext();
    while (next != null && next.getOpcode() < 0) {
      next = next.getNext();
    }
    return next instanceof FieldInsnNode f
        && (f.getOpcode() == Opcodes.PUTFIELD || f.getOpcode() == Opcodes.PUTSTATIC)
        && f.name.equals(read.field().name())
        && f.owner.equals(read.owner());
  }
}
