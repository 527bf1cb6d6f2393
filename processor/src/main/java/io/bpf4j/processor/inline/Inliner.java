package io.bpf4j.processor.inline;

import io.bpf4j.processor.frontend.CalleeInliner;
import io.bpf4j.processor.frontend.ClassContext;
import io.bpf4j.processor.frontend.MethodTranslator;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.lower.NewSites;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides which calls of the class's own static methods are inlined (small or called from one place
 * only, not recursive, not too deep, at most five arguments) and translates each such callee for
 * its call site, splicing the callee's own inline sites ({@link InlineSplicer}); translation leaves
 * an inline site with it, which the inlining pass splices into the caller.
 *
 * <p>The callee is translated when translation reaches the call, not before the caller: what it
 * translates to depends on the call site (whether the caller's packet reads may use LD_ABS, which
 * arguments are known non-null, how deep the inlining already is), and translating it has effects
 * in the order of the calls (the offsets of its strings in {@code .rodata}, the order and names of
 * the subprograms it calls), which fix the bytes of the object.
 */
public final class Inliner implements CalleeInliner {
  /** Methods larger than this many bytecode instructions are called, not inlined. */
  private static final int INLINE_MAX_INSNS = 120;

  /** How many inlined methods may nest. */
  private static final int INLINE_MAX_DEPTH = 3;

  private final ClassContext context;
  private final boolean enabled;
  private boolean enabledHere = true;

  /** An inliner for the class of {@code context}; {@code enabled} false calls every method. */
  public Inliner(ClassContext context, boolean enabled) {
    this.context = context;
    this.enabled = enabled;
  }

  /**
   * Whether calls in the method being compiled are inlined: the driver turns it off for a second
   * attempt at a method whose frame was too large with its callees' slots in it.
   */
  public boolean enabledHere() {
    return enabledHere;
  }

  public void setEnabledHere(boolean enabledHere) {
    this.enabledHere = enabledHere;
  }

  @Override
  public Function inline(
      String name, String descriptor, int line, boolean[] nonNullParams, boolean packetLoads) {
    MethodNode m = context.find(name, descriptor);
    String key = name + descriptor;
    if (m == null
        || !enabled
        || !enabledHere
        || (m.access & Opcodes.ACC_STATIC) == 0
        || (m.access & Opcodes.ACC_NATIVE) != 0
        || context.calls().isTranslating(key)
        || context.calls().inliningDepth() >= INLINE_MAX_DEPTH
        || !smallOrCalledOnce(m, name, descriptor)
        || Type.getArgumentTypes(descriptor).length > 5) {
      return null;
    }
    // The call still counts for the recursion check.
    context.calls().record(key, line);
    context.calls().enter(key);
    try {
      Function f = new Function(name);
      MethodTranslator t = new MethodTranslator(context, m, f, false).asInlined(nonNullParams);
      if (packetLoads) {
        t.usePacketLoadInstructions();
      }
      t.translate();
      InlineSplicer.run(f);
      NewSites.check(f);
      return f;
    } finally {
      context.calls().leave();
    }
  }

  /**
   * Small methods are inlined at every call; a method the class calls from one place only is
   * inlined whatever its size, since its code exists once either way and inlined it loses the
   * call's cost: arguments through r1-r5, a stack frame of its own, results and failures through
   * memory, and (in a socket filter) the LD_ABS reads a subprogram may not use.
   */
  private boolean smallOrCalledOnce(MethodNode m, String name, String descriptor) {
    return codeSize(m) <= INLINE_MAX_INSNS || context.callSites(name, descriptor) == 1;
  }

  private static int codeSize(MethodNode m) {
    int n = 0;
    for (var i : m.instructions) {
      if (i.getOpcode() >= 0) {
        n++;
      }
    }
    return n;
  }
}
