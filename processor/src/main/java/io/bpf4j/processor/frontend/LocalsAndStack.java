package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Reg;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Constants, loads and stores of locals, and the stack shuffles (dup, pop, swap). */
final class LocalsAndStack extends BytecodeFamily {
  LocalsAndStack(MethodState s) {
    super(s);
  }

  /** Translates {@code n} if it is of this family; returns whether it was. */
  boolean translate(AbstractInsnNode n, int op, int index) {
    switch (op) {
      case Opcodes.NOP -> {}
      case Opcodes.ACONST_NULL -> push(new Value.Op(new Imm(0), Reg.Kind.REF));
      case Opcodes.ICONST_M1,
              Opcodes.ICONST_0,
              Opcodes.ICONST_1,
              Opcodes.ICONST_2,
              Opcodes.ICONST_3,
              Opcodes.ICONST_4,
              Opcodes.ICONST_5 ->
          push(intConst(op - Opcodes.ICONST_0));
      case Opcodes.LCONST_0, Opcodes.LCONST_1 -> push(longConst(op - Opcodes.LCONST_0));
      case Opcodes.BIPUSH, Opcodes.SIPUSH -> push(intConst(((IntInsnNode) n).operand));
      case Opcodes.LDC -> ldc(((LdcInsnNode) n).cst);
      case Opcodes.ILOAD ->
          push(new Value.Op(local(((VarInsnNode) n).var, Reg.Kind.INT), Reg.Kind.INT));
      case Opcodes.LLOAD ->
          push(new Value.Op(local(((VarInsnNode) n).var, Reg.Kind.LONG), Reg.Kind.LONG));
      case Opcodes.ALOAD -> {
        int var = ((VarInsnNode) n).var;
        Value array = arrays.local(var, index);
        push(array != null ? array : new Value.Op(local(var, Reg.Kind.REF), Reg.Kind.REF));
      }
      case Opcodes.ISTORE -> storeLocal(((VarInsnNode) n).var, Reg.Kind.INT);
      case Opcodes.LSTORE -> storeLocal(((VarInsnNode) n).var, Reg.Kind.LONG);
      case Opcodes.ASTORE -> {
        if (stack.get(stack.size() - 1) instanceof Value.Array a) {
          pop();
          arrays.bind(n, a);
        } else {
          storeLocal(((VarInsnNode) n).var, Reg.Kind.REF);
        }
      }
      case Opcodes.IINC -> {
        IincInsnNode inc = (IincInsnNode) n;
        Reg local = local(inc.var, Reg.Kind.INT);
        protectLocal(local);
        b.alu(AluOp.ADD, false, local, new Imm(inc.incr));
      }
      case Opcodes.DUP,
          Opcodes.DUP_X1,
          Opcodes.DUP_X2,
          Opcodes.DUP2,
          Opcodes.DUP2_X1,
          Opcodes.DUP2_X2 -> {
        checkNotAtomicResult(stack.get(stack.size() - 1));
        duplicate(op);
      }
      case Opcodes.POP -> pop();
      case Opcodes.POP2 -> {
        if (size(pop()) == 1) {
          pop();
        }
      }
      case Opcodes.SWAP -> {
        Value v1 = pop();
        Value v2 = pop();
        push(v1);
        push(v2);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** An {@code @Atomic} field's value is only ever consumed by its compound assignment. */
  private void checkNotAtomicResult(Value v) {
    if (v instanceof Value.FieldRead r) {
      throw new CompileError(b.line(), Messages.atomicResultUsed(r.field().name()));
    }
    if (v instanceof Value.FieldUpdate u) {
      throw new CompileError(b.line(), Messages.atomicResultUsed(u.read().field().name()));
    }
  }

  private void duplicate(int op) {
    switch (op) {
      case Opcodes.DUP -> push(stack.get(stack.size() - 1));
      case Opcodes.DUP_X1 -> {
        Value v1 = pop();
        Value v2 = pop();
        push(v1);
        push(v2);
        push(v1);
      }
      case Opcodes.DUP_X2 -> {
        Value v1 = pop();
        Value v2 = pop();
        if (size(v2) == 2) {
          push(v1);
          push(v2);
        } else {
          Value v3 = pop();
          push(v1);
          push(v3);
          push(v2);
        }
        push(v1);
      }
      case Opcodes.DUP2 -> {
        Value v1 = stack.get(stack.size() - 1);
        if (size(v1) == 2) {
          push(v1);
        } else {
          Value v2 = stack.get(stack.size() - 2);
          push(v2);
          push(v1);
        }
      }
      case Opcodes.DUP2_X1 -> {
        Value v1 = pop();
        if (size(v1) == 2) {
          Value v2 = pop();
          push(v1);
          push(v2);
          push(v1);
        } else {
          Value v2 = pop();
          Value v3 = pop();
          push(v2);
          push(v1);
          push(v3);
          push(v2);
          push(v1);
        }
      }
      case Opcodes.DUP2_X2 -> {
        // long y = a[i] = x: the long is copied below the array and the index.
        Value v1 = pop();
        Value v2 = pop();
        if (size(v1) == 2 && size(v2) == 2) {
          push(v1);
          push(v2);
        } else if (size(v1) == 2) {
          Value v3 = pop();
          push(v1);
          push(v3);
          push(v2);
        } else {
          Value v3 = pop();
          if (size(v3) == 2) {
            push(v2);
            push(v1);
            push(v3);
          } else {
            Value v4 = pop();
            push(v2);
            push(v1);
            push(v4);
            push(v3);
          }
          push(v2);
        }
        push(v1);
      }
      default -> throw new IllegalStateException("not a dup: " + op);
    }
  }

  private void ldc(Object cst) {
    if (cst instanceof Integer i) {
      push(intConst(i));
    } else if (cst instanceof Long l) {
      push(longConst(l));
    } else if (cst instanceof String s) {
      push(new Value.Str(s));
    } else if (cst instanceof org.objectweb.asm.Type t
        && t.getSort() == org.objectweb.asm.Type.OBJECT) {
      // Bpf.currentTask(Task.class), Core.view(Task.class, address): read by the call.
      push(new Value.ClassLiteral(t.getInternalName()));
    } else if (cst instanceof Float || cst instanceof Double) {
      throw new CompileError(b.line(), Messages.floatingPoint());
    } else {
      throw new CompileError(b.line(), Messages.unsupportedInstruction("a class literal"));
    }
  }

  private void storeLocal(int index, Reg.Kind kind) {
    Value v = pop();
    if (v instanceof Value.MapRef) {
      throw new CompileError(b.line(), Messages.mapInLocal());
    }
    Value.Op value = op(v);
    Reg local = local(index, kind);
    protectLocal(local);
    b.mov(local, value.operand());
    intrinsics.storedInLocal(v, local);
  }
}
