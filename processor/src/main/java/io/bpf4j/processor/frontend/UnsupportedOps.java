package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Java that BPF code cannot express: exceptions, monitors, lambdas, floating point and every opcode
 * no other family translates, reported on the line where it appears.
 */
final class UnsupportedOps extends BytecodeFamily {
  UnsupportedOps(MethodState s) {
    super(s);
  }

  /** Rejects {@code n}, which no other family translates, with the reason BPF cannot express it. */
  void reject(AbstractInsnNode n, int op) {
    switch (op) {
      case Opcodes.ATHROW -> throw new CompileError(b.line(), Messages.exceptions());
      case Opcodes.MONITORENTER, Opcodes.MONITOREXIT ->
          throw new CompileError(b.line(), Messages.monitors());
      default -> {
        if (isFloatingPoint(op)) {
          throw new CompileError(b.line(), Messages.floatingPoint());
        }
        throw new CompileError(b.line(), Messages.unsupportedInstruction("bytecode opcode " + op));
      }
    }
  }

  /**
   * Rejects constructs that javac compiles into several instructions, before any of their parts
   * could be reported as something else: {@code synchronized} (monitors inside a hidden try),
   * lambdas and method references (an invokedynamic after a null check), and try/catch.
   */
  void rejectUnsupportedShapes(InsnList insns) {
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      throw new CompileError(firstLine(), Messages.monitors());
    }
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode n = insns.get(i);
      if (n.getOpcode() == Opcodes.MONITORENTER) {
        throw new CompileError(lineAt(i), Messages.monitors());
      }
      if (n instanceof InvokeDynamicInsnNode indy
          && !indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")
          && !LoopCallbacks.isLoopCallback(indy)) {
        throw new CompileError(lineAt(i), Messages.lambdas());
      }
    }
    if (!method.tryCatchBlocks.isEmpty()) {
      TryCatchBlockNode t = method.tryCatchBlocks.get(0);
      // A catch handler starts with the store of the caught exception, on the catch line; a
      // finally handler (no type) is a copy of the finally body, so the try body's first line is
      // nearer to the try.
      int line = t.type != null ? handlerLine(t.handler) : lineAfter(insns.indexOf(t.start));
      throw new CompileError(line, Messages.exceptions());
    }
  }

  /**
   * The line of the handler at {@code handler}: javac gives it a line entry of its own unless it is
   * on the line already in effect there (a try/catch written on one line).
   */
  private int handlerLine(LabelNode handler) {
    for (AbstractInsnNode n = handler; n != null && n.getOpcode() < 0; n = n.getNext()) {
      if (n instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return lineAt(method.instructions.indexOf(handler));
  }

  private static boolean isFloatingPoint(int op) {
    return switch (op) {
      case Opcodes.FCONST_0,
              Opcodes.FCONST_1,
              Opcodes.FCONST_2,
              Opcodes.DCONST_0,
              Opcodes.DCONST_1,
              Opcodes.FLOAD,
              Opcodes.DLOAD,
              Opcodes.FSTORE,
              Opcodes.DSTORE,
              Opcodes.FADD,
              Opcodes.DADD,
              Opcodes.FSUB,
              Opcodes.DSUB,
              Opcodes.FMUL,
              Opcodes.DMUL,
              Opcodes.FDIV,
              Opcodes.DDIV,
              Opcodes.FREM,
              Opcodes.DREM,
              Opcodes.FNEG,
              Opcodes.DNEG,
              Opcodes.I2F,
              Opcodes.I2D,
              Opcodes.L2F,
              Opcodes.L2D,
              Opcodes.F2I,
              Opcodes.F2L,
              Opcodes.F2D,
              Opcodes.D2I,
              Opcodes.D2L,
              Opcodes.D2F,
              Opcodes.FCMPL,
              Opcodes.FCMPG,
              Opcodes.DCMPL,
              Opcodes.DCMPG,
              Opcodes.FRETURN,
              Opcodes.DRETURN,
              Opcodes.FALOAD,
              Opcodes.DALOAD,
              Opcodes.FASTORE,
              Opcodes.DASTORE ->
          true;
      default -> false;
    };
  }
}
