package io.bpf4j.processor.frontend;

import io.bpf4j.processor.model.LangNames;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides, from bytecode alone and before translation, whether a method may fail where Java would
 * throw. It errs towards "may fail": a wrong yes costs a flag check, a wrong no would lose a
 * failure.
 */
public final class FailureScan {
  private FailureScan() {}

  /**
   * Whether {@code m} may fail; {@code calleeMayFail} answers for the static methods of {@code
   * owner} that it calls (by name + descriptor).
   */
  public static boolean mayFail(MethodNode m, String owner, Predicate<String> calleeMayFail) {
    for (AbstractInsnNode n : m.instructions) {
      switch (n.getOpcode()) {
        case Opcodes.IDIV, Opcodes.IREM, Opcodes.LDIV, Opcodes.LREM -> {
          if (!isNonZeroConstant(previous(n))) {
            return true;
          }
        }
        case Opcodes.IALOAD,
            Opcodes.LALOAD,
            Opcodes.BALOAD,
            Opcodes.CALOAD,
            Opcodes.SALOAD,
            Opcodes.IASTORE,
            Opcodes.LASTORE,
            Opcodes.BASTORE,
            Opcodes.CASTORE,
            Opcodes.SASTORE,
            Opcodes.GETFIELD,
            Opcodes.PUTFIELD -> {
          return true;
        }
        case Opcodes.INVOKEINTERFACE, Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESTATIC -> {
          MethodInsnNode call = (MethodInsnNode) n;
          if (call.name.startsWith("load") && call.owner.startsWith(LangNames.LANG)
              || call.name.endsWith("Value") && call.owner.startsWith("java/lang/")
              || call.getOpcode() == Opcodes.INVOKESTATIC
                  && call.owner.equals(owner)
                  && calleeMayFail.test(call.name + call.desc)) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  private static AbstractInsnNode previous(AbstractInsnNode n) {
    AbstractInsnNode p = n.getPrevious();
    while (p != null && p.getOpcode() < 0) {
      p = p.getPrevious();
    }
    return p;
  }

  private static boolean isNonZeroConstant(AbstractInsnNode n) {
    if (n == null) {
      return false;
    }
    int op = n.getOpcode();
    if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
      return op != Opcodes.ICONST_0;
    }
    if (op == Opcodes.LCONST_1) {
      return true;
    }
    if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) {
      return ((IntInsnNode) n).operand != 0;
    }
    if (n instanceof LdcInsnNode ldc && ldc.cst instanceof Number num) {
      return num.longValue() != 0;
    }
    return false;
  }
}
