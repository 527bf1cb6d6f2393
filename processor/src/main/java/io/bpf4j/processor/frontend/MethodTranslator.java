package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.lower.Intrinsics;
import io.bpf4j.processor.model.StructField;
import io.bpf4j.processor.model.StructLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
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
  private final ClassContext context;
  private final MethodNode method;
  private final Function function;
  private final IrBuilder b;
  private final Intrinsics intrinsics;
  private final Arrays arrays;
  private final boolean isProgram;
  private boolean inlined;
  private boolean[] nonNullParams = new boolean[0];
  private final Map<String, Reg> locals = new HashMap<>();
  private final Map<String, Reg> stackRegs = new HashMap<>();
  private final Map<Integer, Block> blocks = new TreeMap<>();

  /** Compile-time stack entries (maps, strings) carried into a block, by block and position. */
  private final Map<Integer, Map<Integer, Value>> carried = new HashMap<>();

  private Frame<BasicValue>[] frames;
  private FrameSlot failureSlot;
  private List<Value> stack = new ArrayList<>();

  public MethodTranslator(
      ClassContext context, MethodNode method, Function function, boolean isProgram) {
    this.context = context;
    this.method = method;
    this.function = function;
    this.b = new IrBuilder(function);
    this.intrinsics = new Intrinsics(context, b);
    this.arrays = new Arrays(b, method, context.model().internalName());
    this.isProgram = isProgram;
  }

  /**
   * Translates the method for splicing into a caller: no hidden failure flag (its failures are
   * marked blocks the caller fills), and the parameters flagged in {@code nonNullParams} need no
   * null checks.
   */
  public MethodTranslator asInlined(boolean[] nonNullParams) {
    this.inlined = true;
    this.nonNullParams = nonNullParams.clone();
    return this;
  }

  /** Whether packet reads may use LD_ABS / LD_IND here. */
  boolean usesPacketLoadInstructions() {
    return intrinsics.usesPacketLoadInstructions();
  }

  /** Lets packet reads use LD_ABS / LD_IND (see {@link Intrinsics#usePacketLoadInstructions}). */
  public MethodTranslator usePacketLoadInstructions() {
    intrinsics.usePacketLoadInstructions();
    return this;
  }

  /** Translates the method; throws {@link CompileError} for Java that BPF cannot express. */
  public Function translate() {
    InsnList insns = method.instructions;
    rejectUnsupportedShapes(insns);
    try {
      frames =
          new Analyzer<>(new BasicInterpreter()).analyze(context.model().internalName(), method);
    } catch (AnalyzerException e) {
      throw new IllegalStateException("bytecode analysis failed: " + e.getMessage(), e);
    }
    Block entry = function.newBlock();
    b.switchTo(entry);
    b.setLine(firstLine());
    bindParameters();
    findBlocks(insns);
    b.jump(blockAt(0));
    // Lay blocks out in bytecode order, each followed by the blocks its translation created, so
    // that javac's fall-through paths stay fall-through paths.
    List<Block> layout = new ArrayList<>(List.of(entry));
    for (Map.Entry<Integer, Block> e : blocks.entrySet()) {
      int before = function.blocks().size();
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
    return function;
  }

  /**
   * Rejects constructs that javac compiles into several instructions, before any of their parts
   * could be reported as something else: {@code synchronized} (monitors inside a hidden try),
   * lambdas and method references (an invokedynamic after a null check), and try/catch.
   */
  private void rejectUnsupportedShapes(InsnList insns) {
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      throw new CompileError(firstLine(), Messages.monitors());
    }
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode n = insns.get(i);
      if (n.getOpcode() == Opcodes.MONITORENTER) {
        throw new CompileError(lineAt(i), Messages.monitors());
      }
      if (n instanceof InvokeDynamicInsnNode indy
          && !indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
        throw new CompileError(lineAt(i), Messages.lambdas());
      }
    }
    if (!method.tryCatchBlocks.isEmpty()) {
      // The handler starts with the store of the caught exception, on the catch line.
      throw new CompileError(
          lineAfter(insns.indexOf(method.tryCatchBlocks.get(0).handler)), Messages.exceptions());
    }
  }

  private void bindParameters() {
    Type[] params = Type.getArgumentTypes(method.desc);
    int slot = 0;
    int argSlots = 0;
    for (Type p : params) {
      argSlots += 1;
      slot += p.getSize();
    }
    boolean failureFlag = !isProgram && !inlined && context.mayFail(method.name, method.desc);
    if (argSlots + (failureFlag ? 1 : 0) > 5) {
      throw new CompileError(
          b.line(),
          failureFlag
              ? Messages.tooManyArgumentsToFail(method.name, argSlots)
              : Messages.tooManyArguments(method.name, argSlots));
    }
    slot = 0;
    for (int i = 0; i < params.length; i++) {
      Reg.Kind kind = kindOf(params[i], b.line());
      Reg local = local(slot, kind);
      // A full copy: an int's upper half is never read (int operations are 32-bit).
      b.add(
          new io.bpf4j.processor.ir.Mov(
              local, function.fixed(io.bpf4j.object.insn.Register.of(i + 1)), true, b.line()));
      if (isProgram && i == 0) {
        function.markContext(local);
      }
      if (kind == Reg.Kind.REF && !isProgram && !(i < nonNullParams.length && nonNullParams[i])) {
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
    blockAt(0);
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode n = insns.get(i);
      if (n instanceof JumpInsnNode j) {
        blockAt(insns.indexOf(j.label));
        blockAt(i + 1);
      } else if (n instanceof TableSwitchInsnNode t) {
        blockAt(insns.indexOf(t.dflt));
        t.labels.forEach(l -> blockAt(insns.indexOf(l)));
        blockAt(i + 1);
      } else if (n instanceof LookupSwitchInsnNode t) {
        blockAt(insns.indexOf(t.dflt));
        t.labels.forEach(l -> blockAt(insns.indexOf(l)));
        blockAt(i + 1);
      } else if (isReturnOrThrow(n.getOpcode())) {
        blockAt(i + 1);
      }
    }
  }

  private Block blockAt(int index) {
    return blocks.computeIfAbsent(index, k -> function.newBlock());
  }

  private static boolean isReturnOrThrow(int op) {
    return (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW;
  }

  private void translateBlock(int start, Block block) {
    InsnList insns = method.instructions;
    if (start >= insns.size() || frames[start] == null) {
      // Unreachable: give it a body so the block is well-formed; dead code removal drops it.
      b.switchTo(block);
      b.ret(new Imm(0), false);
      return;
    }
    b.switchTo(block);
    b.setLine(lineAt(start));
    Frame<BasicValue> frame = frames[start];
    stack = new ArrayList<>();
    Map<Integer, Value> constants = carried.getOrDefault(start, Map.of());
    for (int i = 0; i < frame.getStackSize(); i++) {
      if (constants.containsKey(i)) {
        stack.add(constants.get(i));
        continue;
      }
      Type type = frame.getStack(i).getType();
      Reg.Kind kind = type == null ? Reg.Kind.REF : kindOf(type, b.line());
      stack.add(new Value.Op(stackReg(i, kind), kind));
    }
    int end = start + 1;
    while (end < insns.size() && !blocks.containsKey(end)) {
      end++;
    }
    for (int i = start; i < end; i++) {
      AbstractInsnNode n = insns.get(i);
      if (n instanceof LineNumberNode ln) {
        b.setLine(ln.line);
        continue;
      }
      if (n.getOpcode() < 0 || frames[i] == null) {
        continue;
      }
      translate(n, i);
      // An operation that always fails (a constant zero divisor or out-of-bounds index) also
      // ends the block; what follows it is dead, but is still translated (the builder puts it in
      // a block nothing reaches) so that the compile-time stack entries it passes on (maps, boxed
      // keys, arrays) reach the successors, which other paths may reach.
      if (b.block().isTerminated() && endsControlFlow(n)) {
        return;
      }
    }
    if (end < insns.size()) {
      Block next = blockAt(end);
      saveStackFor(end);
      b.jump(next);
    } else {
      throw new CompileError(b.line(), "control reaches the end of the method without a return");
    }
  }

  /** Whether {@code n} passes control elsewhere: a jump, a switch, a return or a throw. */
  private static boolean endsControlFlow(AbstractInsnNode n) {
    int op = n.getOpcode();
    return n instanceof JumpInsnNode
        || n instanceof TableSwitchInsnNode
        || n instanceof LookupSwitchInsnNode
        || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
        || op == Opcodes.ATHROW;
  }

  // ---- stack and locals

  private Reg local(int index, Reg.Kind kind) {
    return locals.computeIfAbsent(index + ":" + kind, k -> b.newReg(kind, "l" + index));
  }

  private Reg stackReg(int index, Reg.Kind kind) {
    return stackRegs.computeIfAbsent(index + ":" + kind, k -> b.newReg(kind, "s" + index));
  }

  private void push(Value v) {
    stack.add(v);
  }

  private Value pop() {
    return stack.remove(stack.size() - 1);
  }

  private Value.Op popOp() {
    return op(pop());
  }

  /** Stores the stack into the stack-position registers that block {@code target} starts from. */
  private void saveStackFor(int targetIndex) {
    List<Value.Op> values = new ArrayList<>();
    for (int i = 0; i < stack.size(); i++) {
      Value v = stack.get(i);
      if (v instanceof Value.MapRef || v instanceof Value.Str || v instanceof Value.Array) {
        // Compile-time values travel with the control flow instead of through a register.
        Value previous =
            carried.computeIfAbsent(targetIndex, k -> new HashMap<>()).putIfAbsent(i, v);
        if (previous != null && !previous.equals(v)) {
          throw new CompileError(
              b.line(),
              v instanceof Value.Str ? Messages.nonConstantString() : Messages.mapInLocal());
        }
        values.add(null);
      } else if (v instanceof Value.Boxed bx) {
        // A boxed key or value travels as its scalar, and is boxed again on arrival.
        Value.Op inner = bx.inner();
        carried
            .computeIfAbsent(targetIndex, k -> new HashMap<>())
            .put(i, new Value.Boxed(new Value.Op(stackReg(i, inner.kind()), inner.kind())));
        values.add(inner);
      } else {
        values.add(op(v));
      }
    }
    // Copy through temporaries when a value reads a position register that is written first.
    boolean conflict = false;
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (values.get(i) != null
            && values.get(j) != null
            && values.get(i).operand() == stackReg(j, values.get(j).kind())) {
          conflict = true;
        }
      }
    }
    if (conflict) {
      for (int i = 0; i < values.size(); i++) {
        Value.Op v = values.get(i);
        if (v != null) {
          values.set(i, new Value.Op(b.copy(v.kind(), v.operand(), "t"), v.kind()));
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      Value.Op v = values.get(i);
      if (v == null) {
        continue;
      }
      Reg target = stackReg(i, v.kind());
      if (v.operand() != target) {
        b.mov(target, v.operand());
      }
    }
  }

  /** Copies stack entries that read local {@code reg} before the local is overwritten. */
  private void protectLocal(Reg reg) {
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i) instanceof Value.Op o && o.operand() == reg) {
        stack.set(i, new Value.Op(b.copy(o.kind(), reg, "t"), o.kind()));
      } else if (stack.get(i) instanceof Value.Boxed bx && bx.inner().operand() == reg) {
        Value.Op inner = bx.inner();
        stack.set(i, new Value.Boxed(new Value.Op(b.copy(inner.kind(), reg, "t"), inner.kind())));
      }
    }
  }

  /** {@code v} as an operand, emitting what a symbolic value needs. */
  Value.Op op(Value v) {
    if (v instanceof Value.Op o) {
      return o;
    }
    if (v instanceof Value.FieldRead r) {
      return intrinsics.loadField(op(r.object()), r.field());
    }
    if (v instanceof Value.Array a) {
      return a.address();
    }
    if (v instanceof Value.FieldUpdate u) {
      throw new CompileError(b.line(), Messages.atomicResultUsed(u.read().field().name()));
    }
    if (v instanceof Value.MapRef) {
      throw new CompileError(b.line(), Messages.mapInLocal());
    }
    if (v instanceof Value.Str) {
      throw new CompileError(b.line(), Messages.nonConstantString());
    }
    if (v instanceof Value.Boxed) {
      throw new CompileError(
          b.line(),
          Messages.unsupportedInstruction(
              "a boxed Integer or Long outside a map call (declare the variable as int or long)"));
    }
    if (v instanceof Value.Compare) {
      throw new CompileError(
          b.line(),
          Messages.unsupportedInstruction(
              "using a long comparison result as a value (compare with <, >, == directly)"));
    }
    throw new CompileError(
        b.line(), Messages.unsupportedInstruction("an object before its constructor"));
  }

  private static int size(Value v) {
    if (v instanceof Value.Op o) {
      return o.kind() == Reg.Kind.LONG ? 2 : 1;
    }
    if (v instanceof Value.FieldRead r) {
      return r.field().isLong() ? 2 : 1;
    }
    if (v instanceof Value.FieldUpdate u) {
      return u.read().field().isLong() ? 2 : 1;
    }
    return 1;
  }

  // ---- instructions

  private void translate(AbstractInsnNode n, int index) {
    int op = n.getOpcode();
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
        Value array = arrays.local(var, n);
        push(array != null ? array : new Value.Op(local(var, Reg.Kind.REF), Reg.Kind.REF));
      }
      case Opcodes.ISTORE -> storeLocal(n, Reg.Kind.INT);
      case Opcodes.LSTORE -> storeLocal(n, Reg.Kind.LONG);
      case Opcodes.ASTORE -> storeLocal(n, Reg.Kind.REF);
      case Opcodes.IINC -> {
        IincInsnNode inc = (IincInsnNode) n;
        Reg local = local(inc.var, Reg.Kind.INT);
        protectLocal(local);
        b.alu(AluOp.ADD, false, local, new Imm(inc.incr));
      }
      case Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2, Opcodes.DUP2, Opcodes.DUP2_X1 -> {
        checkNotAtomicResult(stack.get(stack.size() - 1));
        duplicate(op);
      }
      case Opcodes.POP -> pop();
      case Opcodes.POP2 -> {
        if (size(pop()) == 1) {
          pop();
        }
      }
      default -> translateRest(n, op, index);
    }
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
      default -> throw new IllegalStateException("not a dup: " + op);
    }
  }

  private void translateRest(AbstractInsnNode n, int op, int index) {
    switch (op) {
      case Opcodes.DUP2_X2 ->
          throw new CompileError(
              b.line(), Messages.unsupportedInstruction("this expression (dup2_x2)"));
      case Opcodes.SWAP -> {
        Value v1 = pop();
        Value v2 = pop();
        push(v1);
        push(v2);
      }
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
        push(new Value.Compare(a, bb));
      }
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
      case Opcodes.GETSTATIC -> getStatic((FieldInsnNode) n);
      case Opcodes.PUTSTATIC ->
          throw new CompileError(b.line(), Messages.staticFieldWrite(((FieldInsnNode) n).name));
      case Opcodes.GETFIELD -> getField((FieldInsnNode) n);
      case Opcodes.PUTFIELD -> putField((FieldInsnNode) n);
      case Opcodes.INVOKESTATIC,
              Opcodes.INVOKEINTERFACE,
              Opcodes.INVOKEVIRTUAL,
              Opcodes.INVOKESPECIAL ->
          invoke((MethodInsnNode) n);
      case Opcodes.INVOKEDYNAMIC -> {
        InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) n;
        boolean concat = indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory");
        throw new CompileError(
            b.line(), concat ? Messages.nonConstantString() : Messages.lambdas());
      }
      case Opcodes.NEW -> newObject((TypeInsnNode) n);
      case Opcodes.CHECKCAST -> {}
      case Opcodes.ATHROW -> throw new CompileError(b.line(), Messages.exceptions());
      case Opcodes.MONITORENTER, Opcodes.MONITOREXIT ->
          throw new CompileError(b.line(), Messages.monitors());
      case Opcodes.NEWARRAY -> push(arrays.create(((IntInsnNode) n).operand, popOp()));
      case Opcodes.ARRAYLENGTH -> push(intConst(arrays.of(pop()).length()));
      case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> {
        Value.Op element = popOp();
        push(arrays.load(arrays.of(pop()), element, op == Opcodes.LALOAD));
      }
      case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> {
        Value.Op value = popOp();
        Value.Op element = popOp();
        arrays.store(arrays.of(pop()), element, value);
      }
      case Opcodes.ANEWARRAY, Opcodes.MULTIANEWARRAY, Opcodes.AALOAD, Opcodes.AASTORE ->
          throw new CompileError(b.line(), Messages.arrays());
      case Opcodes.INSTANCEOF ->
          throw new CompileError(b.line(), Messages.unsupportedInstruction("instanceof"));
      default -> {
        if (isFloatingPoint(op)) {
          throw new CompileError(b.line(), Messages.floatingPoint());
        }
        throw new CompileError(b.line(), Messages.unsupportedInstruction("bytecode opcode " + op));
      }
    }
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

  private static Value.Op intConst(long v) {
    return new Value.Op(new Imm((int) v), Reg.Kind.INT);
  }

  private static Value.Op longConst(long v) {
    return new Value.Op(new Imm(v), Reg.Kind.LONG);
  }

  private void ldc(Object cst) {
    if (cst instanceof Integer i) {
      push(intConst(i));
    } else if (cst instanceof Long l) {
      push(longConst(l));
    } else if (cst instanceof String s) {
      push(new Value.Str(s));
    } else if (cst instanceof Float || cst instanceof Double) {
      throw new CompileError(b.line(), Messages.floatingPoint());
    } else {
      throw new CompileError(b.line(), Messages.unsupportedInstruction("a class literal"));
    }
  }

  private void storeLocal(AbstractInsnNode store, Reg.Kind kind) {
    int index = ((VarInsnNode) store).var;
    Value v = pop();
    if (v instanceof Value.Array a) {
      arrays.bind(index, a, store);
      return;
    }
    arrays.unbind(index);
    if (v instanceof Value.MapRef) {
      throw new CompileError(b.line(), Messages.mapInLocal());
    }
    Value.Op value = op(v);
    Reg local = local(index, kind);
    protectLocal(local);
    b.mov(local, value.operand());
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
        && f.getOpcode() == Opcodes.PUTFIELD
        && f.name.equals(read.field().name())
        && f.owner.equals(read.owner());
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
      branch(n, cond, true, c.a(), c.b());
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
    b.branch(cond, is64, (Reg) left, right, blockAt(target), blockAt(fall));
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

  private void getStatic(FieldInsnNode f) {
    if (f.owner.equals(context.model().internalName())) {
      var map = context.model().mapByField(f.name);
      if (map != null) {
        push(new Value.MapRef(map));
        return;
      }
    }
    throw new CompileError(
        b.line(), Messages.staticFieldRead(f.owner.replace('/', '.') + "." + f.name));
  }

  private StructField structField(FieldInsnNode f) {
    StructLayout layout = context.struct(f.owner);
    StructField field = layout == null ? null : layout.field(f.name);
    if (field == null) {
      throw new CompileError(b.line(), Messages.instanceField(simpleName(f.owner), f.name));
    }
    return field;
  }

  private void getField(FieldInsnNode f) {
    StructField field = structField(f);
    Value obj = pop();
    boolean compound = !stack.isEmpty() && stack.get(stack.size() - 1) == obj;
    if (field.atomic() && compound) {
      push(new Value.FieldRead(obj, f.owner, field));
    } else {
      push(intrinsics.loadField(op(obj), field));
    }
  }

  private void putField(FieldInsnNode f) {
    StructField field = structField(f);
    Value value = pop();
    Value obj = pop();
    if (value instanceof Value.FieldUpdate u
        && u.read().object() == obj
        && u.read().field().equals(field)) {
      intrinsics.atomicUpdate(op(obj), field, u.op(), u.rhs());
      return;
    }
    intrinsics.storeField(op(obj), field, op(value));
  }

  private void newObject(TypeInsnNode n) {
    StructLayout layout = context.struct(n.desc);
    if (layout == null) {
      String name = simpleName(n.desc);
      if (name.endsWith("Exception") || name.endsWith("Error")) {
        throw new CompileError(b.line(), Messages.exceptions());
      }
      throw new CompileError(b.line(), Messages.newOfNonStruct(name));
    }
    FrameSlot slot =
        function.newSlot(
            layout.cName(), (layout.size() + 7) & ~7, 8, FrameSlot.Purpose.OBJECT, b.line());
    push(new Value.Uninit(n.desc, new Value.Op(new FrameAddr(slot, 0), Reg.Kind.REF)));
  }

  private void invoke(MethodInsnNode m) {
    Type[] argTypes = Type.getArgumentTypes(m.desc);
    boolean hasReceiver = m.getOpcode() != Opcodes.INVOKESTATIC;
    List<Value> args = new ArrayList<>();
    for (int i = 0; i < argTypes.length; i++) {
      args.add(0, pop());
    }
    Value receiver = hasReceiver ? pop() : null;
    if (m.getOpcode() == Opcodes.INVOKESPECIAL && m.name.equals("<init>")) {
      construct(m, receiver, args);
      return;
    }
    Type returnType = Type.getReturnType(m.desc);
    if (m.getOpcode() == Opcodes.INVOKESTATIC && m.owner.equals(context.model().internalName())) {
      Integer helper = context.model().helpers().get(m.name + m.desc);
      List<Value.Op> ops = new ArrayList<>();
      for (Value a : args) {
        if (a instanceof Value.Array) {
          throw new CompileError(
              b.line(),
              Messages.unsupportedInstruction(
                  "passing an array to a method (its length would be lost; pass its elements, or"
                      + " keep the array in the method that uses it)"));
        }
        ops.add(op(a));
      }
      Reg.Kind resultKind = returnType.getSort() == Type.VOID ? null : kindOf(returnType, b.line());
      boolean hidden = helper == null && context.mayFail(m.name, m.desc);
      if (helper == null && ops.size() + (hidden ? 1 : 0) > 5) {
        // The callee reports its own signature (once); the call cannot be lowered.
        if (context.subprogram(m.name, m.desc, b.line()) == null) {
          throw new CompileError(b.line(), Messages.tooManyArguments(m.name, ops.size()));
        }
        push(new Value.Op(new Imm(0), resultKind == null ? Reg.Kind.INT : resultKind));
      } else if (helper != null) {
        push(intrinsics.callHelper(helper, ops, resultKind));
      } else if (inline(m, ops, resultKind)) {
        // pushed by inline()
      } else {
        String symbol = context.subprogram(m.name, m.desc, b.line());
        if (symbol == null) {
          throw new CompileError(b.line(), Messages.virtualCall(simpleName(m.owner), m.name));
        }
        push(callSubprogram(m, symbol, ops, resultKind));
      }
      if (resultKind == null) {
        pop();
      }
      return;
    }
    Value result = intrinsics.invoke(m.owner, m.name, m.desc, receiver, args, this::op);
    if (result == null) {
      throw new CompileError(b.line(), Messages.virtualCall(simpleName(m.owner), m.name));
    }
    if (returnType.getSort() != Type.VOID) {
      push(result);
    }
  }

  /** Inlines the call when the class compiler wants it so; pushes the result and returns true. */
  private boolean inline(MethodInsnNode m, List<Value.Op> ops, Reg.Kind resultKind) {
    boolean[] nonNull = new boolean[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      Operand o = ops.get(i).operand();
      nonNull[i] = !(o instanceof Reg r) || !function.nullable().contains(r);
    }
    Function callee =
        context.inline(m.name, m.desc, b.line(), nonNull, intrinsics.usesPacketLoadInstructions());
    if (callee == null) {
      return false;
    }
    Value.Op result = Inlining.splice(b, callee, ops, resultKind);
    push(result != null ? result : new Value.Op(new Imm(0), Reg.Kind.INT));
    return true;
  }

  /**
   * A BPF-to-BPF call; when the callee may fail, a zeroed flag in this frame is passed as its
   * hidden last argument and checked after the call, so the failure ends this function too.
   */
  private Value.Op callSubprogram(
      MethodInsnNode m, String symbol, List<Value.Op> ops, Reg.Kind resultKind) {
    if (!context.mayFail(m.name, m.desc)) {
      return intrinsics.callFunction(symbol, ops, resultKind);
    }
    if (failureSlot == null) {
      failureSlot = function.newSlot("failed", 8, 8, FrameSlot.Purpose.SCRATCH, b.line());
    }
    FrameAddr flag = new FrameAddr(failureSlot, 0);
    b.store(flag, 0, 8, new Imm(0));
    List<Value.Op> withFlag = new ArrayList<>(ops);
    withFlag.add(new Value.Op(flag, Reg.Kind.REF));
    Value.Op result = intrinsics.callFunction(symbol, withFlag, resultKind);
    Reg failed = b.newReg(Reg.Kind.LONG, "failed");
    b.load(failed, flag, 0, 8, false);
    b.exitZeroIf(Cond.NE, true, failed, new Imm(0));
    return result;
  }

  private void construct(MethodInsnNode m, Value receiver, List<Value> args) {
    if (!(receiver instanceof Value.Uninit u) || !m.desc.equals("()V")) {
      throw new CompileError(
          b.line(),
          Messages.unsupportedInstruction(
              "a constructor with arguments (create the @Struct with new X() and assign its fields)"));
    }
    StructLayout layout = context.struct(u.internalName());
    intrinsics.zero(u.address(), layout.size());
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i) == receiver) {
        stack.set(i, u.address());
      }
    }
  }

  // ---- helpers

  static Reg.Kind kindOf(Type t, int line) {
    return switch (t.getSort()) {
      case Type.BOOLEAN, Type.BYTE, Type.SHORT, Type.CHAR, Type.INT -> Reg.Kind.INT;
      case Type.LONG -> Reg.Kind.LONG;
      case Type.OBJECT, Type.ARRAY -> Reg.Kind.REF;
      case Type.FLOAT, Type.DOUBLE -> throw new CompileError(line, Messages.floatingPoint());
      default -> throw new CompileError(line, Messages.unsupportedType(t.getClassName()));
    };
  }

  static String simpleName(String internalName) {
    String s = internalName.substring(internalName.lastIndexOf('/') + 1);
    return s.substring(s.lastIndexOf('$') + 1);
  }

  private int firstLine() {
    for (AbstractInsnNode n : method.instructions) {
      if (n instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return 0;
  }

  /** The line of the first line-number entry at or after {@code index}. */
  private int lineAfter(int index) {
    for (int i = index; i < method.instructions.size(); i++) {
      if (method.instructions.get(i) instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return lineAt(index);
  }

  private int lineAt(int index) {
    int line = 0;
    for (int i = 0; i <= index && i < method.instructions.size(); i++) {
      if (method.instructions.get(i) instanceof LineNumberNode ln) {
        line = ln.line;
      }
    }
    return line == 0 ? firstLine() : line;
  }
}
