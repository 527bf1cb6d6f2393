package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;

/**
 * The one invokedynamic BPF code may contain: javac's {@code LambdaMetafactory} call that makes a
 * {@code Bpf.LoopCallback} from a method reference or lambda. It allocates nothing in BPF: it only
 * names the static method that {@code Bpf.loop} passes to {@code bpf_loop} as a subprogram.
 */
final class LoopCallbacks {
  static final String LOOP_CALLBACK = "io/bpf4j/lang/Bpf$LoopCallback";

  private LoopCallbacks() {}

  /** Whether {@code indy} makes a {@code Bpf.LoopCallback}. */
  static boolean isLoopCallback(InvokeDynamicInsnNode indy) {
    return indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
        && Type.getReturnType(indy.desc).getSort() == Type.OBJECT
        && Type.getReturnType(indy.desc).getInternalName().equals(LOOP_CALLBACK);
  }

  /**
   * The static method of {@code owner} that {@code indy} refers to; a javac error when it captures
   * values or is not such a method, or its signature is not {@code (int, C) -> long/int}.
   */
  static Value.FunctionRef reference(InvokeDynamicInsnNode indy, String owner, int line) {
    if (Type.getArgumentTypes(indy.desc).length > 0) {
      throw new CompileError(line, Messages.loopCallbackCaptures());
    }
    Handle h = (Handle) indy.bsmArgs[1];
    if (h.getTag() != Opcodes.H_INVOKESTATIC || !h.getOwner().equals(owner)) {
      throw new CompileError(line, Messages.loopCallbackNotStatic(h.getName()));
    }
    Type[] params = Type.getArgumentTypes(h.getDesc());
    int result = Type.getReturnType(h.getDesc()).getSort();
    boolean shaped =
        params.length == 2
            && params[0].getSort() == Type.INT
            && params[1].getSort() == Type.OBJECT
            && (result == Type.LONG || result == Type.INT);
    if (!shaped) {
      throw new CompileError(line, Messages.loopCallbackSignature(h.getName()));
    }
    return new Value.FunctionRef(h.getName(), h.getDesc());
  }
}
