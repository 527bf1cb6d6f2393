package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/** Conditional branches, goto, switches and returns. */
final class ControlFlow extends BytecodeFamily {
  ControlFlow(MethodState s) {
    super(s);
  }

  /** Translates {@code n} if it is of this family; returns whether it was. */
  boolean translate(AbstractInsnNode n, int op, int index) {
    switch (op) {
      case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE ->
          ifZero((JumpInsnNode) n, condOf(op - Opcodes.IFEQ));
      case Opcodes.IF_ICMPEQ,
          Opcodes.IF_ICMPNE,
          Opcodes.IF_ICMPLT,
          Opcodes.IF_ICMPGE,
          Opcodes.IF_ICMPGT,
          Opcodes.IF_ICMPLE -> {
        Value.Op bb = popOp();
        Value.Op a = popOp();
        branch((JumpInsnNode) n, condOf(op - Opcodes.IF_ICMPEQ), false, a, bb);
      }
      case Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> {
        Value.Op bb = popOp();
        Value.Op a = popOp();
        branch((JumpInsnNode) n, op == Opcodes.IF_ACMPEQ ? Cond.EQ : Cond.NE, true, a, bb);
      }
      case Opcodes.IFNULL, Opcodes.IFNONNULL -> {
        Value.Op a = popOp();
        branch(
            (JumpInsnNode) n,
            op == Opcodes.IFNULL ? Cond.EQ : Cond.NE,
            true,
            a,
            new Value.Op(new Imm(0), Reg.Kind.REF));
      }
      case Opcodes.GOTO -> {
        int target = method.instructions.indexOf(((JumpInsnNode) n).label);
        saveStackFor(target);
        b.jump(blockAt(target));
      }
      case Opcodes.TABLESWITCH -> {
        TableSwitchInsnNode t = (TableSwitchInsnNode) n;
        List<Integer> keys = new ArrayList<>();
        for (int k = t.min; k <= t.max; k++) {
          keys.add(k);
        }
        switchChain(keys, t.labels, t.dflt);
      }
      case Opcodes.LOOKUPSWITCH -> {
        LookupSwitchInsnNode t = (LookupSwitchInsnNode) n;
        switchChain(t.keys, t.labels, t.dflt);
      }
      case Opcodes.IRETURN -> b.ret(popOp().operand(), false);
      case Opcodes.LRETURN -> b.ret(popOp().operand(), true);
      case Opcodes.RETURN -> b.ret(new Imm(0), true);
      case Opcodes.ARETURN ->
          throw new CompileError(
              b.line(),
              Messages.unsupportedInstruction(
                  "returning an object from a BPF function (return an int or long, or fill a @Struct"
                      + " passed as an argument)"));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static Cond condOf(int delta) {
    return switch (delta) {
      case 0 -> Cond.EQ;
      case 1 -> Cond.NE;
      case 2 -> Cond.SLT;
      case 3 -> Cond.SGE;
      case 4 -> Cond.SGT;
      default -> Cond.SLE;
    };
  }

  private void ifZero(JumpInsnNode n, Cond cond) {
    Value v = pop();
    if (v instanceof Value.Compare c) {
      // compare(a, b) <cond> 0 is exactly a <cond> b, at the comparison's width and signedness.
      branch(n, c.unsigned() ? cond.unsignedTwin() : cond, c.is64(), c.a(), c.b());
    } else {
      branch(n, cond, false, op(v), intConst(0));
    }
  }

  private void branch(JumpInsnNode n, Cond cond, boolean is64, Value.Op a, Value.Op bb) {
    int target = method.instructions.indexOf(n.label);
    int fall = method.instructions.indexOf(n) + 1;
    Operand left = a.operand();
    Operand right = bb.operand();
    saveStackFor(target);
    if (!(left instanceof Reg) && !(left instanceof Imm)) {
      left = b.copy(a.kind(), left, "cmp");
    }
    if (!(right instanceof Reg) && !(right instanceof Imm)) {
      right = b.copy(bb.kind(), right, "cmp");
    }
    if (left instanceof Imm li && right instanceof Imm ri) {
      b.jump(blockAt(cond.test(li.value(), ri.value(), is64) ? target : fall));
      return;
    }
    if (!(left instanceof Reg)) {
      Operand t = left;
      left = right;
      right = t;
      cond = cond.swap();
    }
    if (!is64 && right instanceof Imm k && lengthTest(cond, (Reg) left, k, target, fall)) {
      return;
    }
    b.branch(cond, is64, (Reg) left, right, blockAt(target), blockAt(fall));
  }

  /**
   * An XDP {@code length() < K} or tc {@code linearLength() < K} ({@code <=}, {@code >}, {@code
   * >=}) as the pointer test it is: both are {@code data_end - data}, so {@code length() < K} is
   * {@code data + K > data_end}. The verifier learns from that test that K bytes may be read, and
   * the packet reads it dominates need no check of their own (the optimizer's PacketChecks drops
   * them), where a compare in a register taught the verifier nothing. Returns whether it made the
   * branch.
   */
  private boolean lengthTest(Cond cond, Reg left, Imm k, int target, int fall) {
    ContextAccess.PacketLength length = s.intrinsics.packetLength(left);
    if (length == null) {
      return false;
    }
    // length > K is length >= K + 1, and length <= K is length < K + 1.
    long bytes =
        switch (cond) {
          case SLT, SGE -> k.value();
          case SGT, SLE -> k.value() + 1;
          default -> -1;
        };
    if (bytes < 1 || bytes > 0xffff) {
      return false;
    }
    boolean trueWhenShort = cond == Cond.SLT || cond == Cond.SLE;
    Reg limit = b.copy(Reg.Kind.REF, length.data(), "limit");
    b.alu(io.bpf4j.processor.ir.AluOp.ADD, false, limit, new Imm(bytes));
    b.branch(
        Cond.UGT,
        true,
        limit,
        length.dataEnd(),
        blockAt(trueWhenShort ? target : fall),
        blockAt(trueWhenShort ? fall : target));
    return true;
  }

  private void switchChain(List<Integer> keys, List<LabelNode> labels, LabelNode dflt) {
    Value.Op key = popOp();
    saveStackFor(method.instructions.indexOf(dflt));
    Reg k = b.inReg(key.operand(), Reg.Kind.INT, "switch");
    for (int i = 0; i < keys.size(); i++) {
      int target = method.instructions.indexOf(labels.get(i));
      if (labels.get(i) == dflt) {
        continue;
      }
      Block next = function.newBlock();
      b.branch(Cond.EQ, false, k, new Imm(keys.get(i)), blockAt(target), next);
      b.switchTo(next);
    }
    b.jump(blockAt(method.instructions.indexOf(dflt)));
  }
}
