package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Translates one method's bytecode into IR. The JVM operand stack is simulated symbolically within
 * a basic block (so {@code iload; iconst; iadd} becomes one two-address add), locals map to one
 * virtual register per slot and kind, and values left on the stack across a block boundary go
 * through one register per stack position.
 */
public final class MethodTranslator {
  private final MethodState s;
  private final ClassContext context;
  private final MethodNode method;
  private final Function function;
  private final IrBuilder b;
  private final LocalsAndStack localsAndStack;
  private final ArithmeticOps arithmetic;
  private final ControlFlow controlFlow;
  private final ObjectOps objects;
  private final CallOps calls;
  private final UnsupportedOps unsupported;

  public MethodTranslator(
      ClassContext context, MethodNode method, Function function, boolean isProgram) {
    this.s = new MethodState(context, method, function, isProgram);
    this.context = context;
    this.method = method;
    this.function = function;
    this.b = s.b;
    this.localsAndStack = new LocalsAndStack(s);
    this.arithmetic = new ArithmeticOps(s);
    this.controlFlow = new ControlFlow(s);
    this.objects = new ObjectOps(s);
    this.calls = new CallOps(s);
    this.unsupported = new UnsupportedOps(s);
  }

  /**
   * Translates the method for splicing into a caller: no hidden failure flag (its failures are
   * marked blocks the caller fills), and the parameters flagged in {@code nonNullParams} need no
   * null checks.
   */
  public MethodTranslator asInlined(boolean[] nonNullParams) {
    s.inlined = true;
    s.nonNullParams = nonNullParams.clone();
    return this;
  }

  /** Whether packet reads may use LD_ABS / LD_IND here. */
  boolean usesPacketLoadInstructions() {
    return s.intrinsics.usesPacketLoadInstructions();
  }

  /**
   * Reads the parameters from the traced arguments r1 points to ({@link TracedArguments}) instead
   * of taking r1 as a context object: for tp_btf, fentry, fexit, lsm and iter programs.
   */
  public MethodTranslator parametersAreTracedArguments() {
    s.tracedArguments = true;
    return this;
  }

  /** Lets packet reads use LD_ABS / LD_IND (see {@link Intrinsics#usePacketLoadInstructions}). */
  public MethodTranslator usePacketLoadInstructions() {
    s.intrinsics.usePacketLoadInstructions();
    return this;
  }

  /** Translates the method; throws {@link CompileError} for Java that BPF cannot express. */
  public Function translate() {
    InsnList insns = method.instructions;
    unsupported.rejectUnsupportedShapes(insns);
    try {
      s.frames =
          new Analyzer<>(new BasicInterpreter()).analyze(context.model().internalName(), method);
    } catch (AnalyzerException e) {
      throw new IllegalStateException("bytecode analysis failed: " + e.getMessage(), e);
    }
    Block entry = function.newBlock();
    b.switchTo(entry);
    b.setLine(s.firstLine());
    bindParameters();
    findBlocks(insns);
    b.jump(s.blockAt(0));
    // Lay blocks out in bytecode order, each followed by the blocks its translation created, so
    // that javac's fall-through paths stay fall-through paths.
    List<Block> layout = new ArrayList<>(List.of(entry));
    for (Map.Entry<Integer, Block> e : s.blocks.entrySet()) {
      int before = function.blocks().size();
      s.groupHead = e.getValue();
      s.groupStart = before;
      translateBlock(e.getKey(), e.getValue());
      layout.add(e.getValue());
      layout.addAll(function.blocks().subList(before, function.blocks().size()));
    }
    for (Block blk : function.blocks()) {
      if (!layout.contains(blk)) {
        layout.add(blk);
      }
    }
    function.blocks().clear();
    function.blocks().addAll(layout);
    s.intrinsics.finish(function);
    return function;
  }

  private void bindParameters() {
    Type[] params = Type.getArgumentTypes(method.desc);
    if (s.tracedArguments) {
      new TracedArguments(s).bind(params);
      return;
    }
    int slot = 0;
    int argSlots = 0;
    for (Type p : params) {
      argSlots += 1;
      slot += p.getSize();
    }
    boolean failureFlag = !s.isProgram && !s.inlined && context.mayFail(method.name, method.desc);
    if (context.isLoopCallback(method.name, method.desc)) {
      // bpf_loop passes exactly (index, ctx): a failure just ends the iteration with 0.
      failureFlag = false;
    }
    if (argSlots + (failureFlag ? 1 : 0) > 5) {
      throw new CompileError(
          b.line(),
          failureFlag
              ? Messages.tooManyArgumentsToFail(method.name, argSlots)
              : Messages.tooManyArguments(method.name, argSlots));
    }
    slot = 0;
    for (int i = 0; i < params.length; i++) {
      Reg.Kind kind = s.kindOf(params[i], b.line());
      Reg local = s.local(slot, kind);
      // A full copy: an int's upper half is never read (int operations are 32-bit).
      b.add(
          new io.bpf4j.processor.ir.Mov(
              local, function.fixed(io.bpf4j.object.insn.Register.of(i + 1)), true, b.line()));
      if (i == 0 && (s.isProgram || isPacketContext(params[i]))) {
        // A method called with the program's packet context reads the packet the same way.
        function.markContext(local);
      }
      if (kind == Reg.Kind.REF
          && !s.isProgram
          && !(i < s.nonNullParams.length && s.nonNullParams[i])) {
        function.markNullable(local);
      }
      slot += params[i].getSize();
    }
    if (failureFlag) {
      // The hidden last argument: where to report a failure to the caller.
      Reg flag = b.newReg(Reg.Kind.REF, "failed");
      b.add(
          new io.bpf4j.processor.ir.Mov(
              flag,
              function.fixed(io.bpf4j.object.insn.Register.of(params.length + 1)),
              true,
              b.line()));
      function.setFailureFlag(flag);
    }
  }

  private void findBlocks(InsnList insns) {
    s.blockAt(0);
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode n = insns.get(i);
      if (n instanceof JumpInsnNode j) {
        s.blockAt(insns.indexOf(j.label));
        s.blockAt(i + 1);
      } else if (n instanceof TableSwitchInsnNode t) {
        s.blockAt(insns.indexOf(t.dflt));
        t.labels.forEach(l -> s.blockAt(insns.indexOf(l)));
        s.blockAt(i + 1);
      } else if (n instanceof LookupSwitchInsnNode t) {
        s.blockAt(insns.indexOf(t.dflt));
        t.labels.forEach(l -> s.blockAt(insns.indexOf(l)));
        s.blockAt(i + 1);
      } else if (isReturnOrThrow(n.getOpcode())) {
        s.blockAt(i + 1);
      }
    }
  }

  /** Whether {@code n} transfers control, so that it ends its basic block. */
  private static boolean endsBlock(AbstractInsnNode n) {
    return n instanceof JumpInsnNode
        || n instanceof TableSwitchInsnNode
        || n instanceof LookupSwitchInsnNode
        || isReturnOrThrow(n.getOpcode());
  }

  private static boolean isReturnOrThrow(int op) {
    return (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW;
  }

  private void translateBlock(int start, Block block) {
    InsnList insns = method.instructions;
    if (start >= insns.size() || s.frames[start] == null) {
      // Unreachable: give it a body so the block is well-formed; dead code removal drops it.
      b.switchTo(block);
      b.ret(new Imm(0), false);
      return;
    }
    b.switchTo(block);
    b.setLine(s.lineAt(start));
    Frame<BasicValue> frame = s.frames[start];
    s.stack.clear();
    Map<Integer, Value> constants = s.carried.getOrDefault(start, Map.of());
    for (int i = 0; i < frame.getStackSize(); i++) {
      if (constants.containsKey(i)) {
        s.stack.add(constants.get(i));
        continue;
      }
      Type type = frame.getStack(i).getType();
      Reg.Kind kind = type == null ? Reg.Kind.REF : s.kindOf(type, b.line());
      s.stack.add(new Value.Op(s.stackReg(i, kind), kind));
    }
    int end = start + 1;
    while (end < insns.size() && !s.blocks.containsKey(end)) {
      end++;
    }
    for (int i = start; i < end; i++) {
      AbstractInsnNode n = insns.get(i);
      if (n instanceof LineNumberNode ln) {
        b.setLine(ln.line);
        continue;
      }
      if (n.getOpcode() < 0 || s.frames[i] == null) {
        continue;
      }
      translateInstruction(n, i);
      if (b.block().isTerminated() && endsBlock(n)) {
        return;
      }
      // Otherwise an operation that always fails (a division by constant zero, a constant index
      // out of bounds) ended the block mid-way: the rest is still translated, into an unreachable
      // block that the optimizer drops, so that what it declares (an array local) is known to the
      // blocks after it, which javac's control flow reaches.
    }
    if (end < insns.size()) {
      Block next = s.blockAt(end);
      s.saveStackFor(end);
      b.jump(next);
    } else {
      throw new CompileError(b.line(), "control reaches the end of the method without a return");
    }
  }

  /** Hands {@code n} to the family of instructions it belongs to. */
  private void translateInstruction(AbstractInsnNode n, int index) {
    int op = n.getOpcode();
    if (!localsAndStack.translate(n, op, index)
        && !arithmetic.translate(n, op, index)
        && !controlFlow.translate(n, op, index)
        && !objects.translate(n, op, index)
        && !calls.translate(n, op, index)) {
      unsupported.reject(n, op);
    }
  }

  /** Whether a parameter is a packet program's context ({@code XdpMd}, {@code SkBuff}). */
  private static boolean isPacketContext(Type t) {
    String d = t.getDescriptor();
    return d.equals("Lio/bpf4j/lang/XdpMd;") || d.equals("Lio/bpf4j/lang/SkBuff;");
  }
}
