package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.NewSite;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.LangNames;
import io.bpf4j.processor.model.StructLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Method calls: of {@code @Helper} methods and io.bpf4j.lang intrinsics, of the class's own static
 * methods (inlined, or BPF-to-BPF calls with a failure flag when the callee may fail), and
 * {@code @Struct} constructors.
 */
final class CallOps extends BytecodeFamily {
  CallOps(MethodState s) {
    super(s);
  }

  /** Translates {@code n} if it is of this family; returns whether it was. */
  boolean translate(AbstractInsnNode n, int op, int index) {
    switch (op) {
      case Opcodes.INVOKESTATIC,
              Opcodes.INVOKEINTERFACE,
              Opcodes.INVOKEVIRTUAL,
              Opcodes.INVOKESPECIAL ->
          invoke((MethodInsnNode) n);
      case Opcodes.INVOKEDYNAMIC -> {
        InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) n;
        if (LoopCallbacks.isLoopCallback(indy)) {
          push(LoopCallbacks.reference(indy, context.model().internalName(), b.line()));
          return true;
        }
        boolean concat = indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory");
        throw new CompileError(
            b.line(), concat ? Messages.nonConstantString() : Messages.lambdas());
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The wrapper classes that javac's autoboxing calls valueOf of, and their primitives. */
  private static final Map<String, String> BOXES =
      Map.of(
          "java/lang/Byte", "byte",
          "java/lang/Short", "short",
          "java/lang/Character", "char",
          "java/lang/Boolean", "boolean",
          "java/lang/Integer", "int",
          "java/lang/Long", "long");

  private void invoke(MethodInsnNode m) {
    Type[] argTypes = Type.getArgumentTypes(m.desc);
    boolean hasReceiver = m.getOpcode() != Opcodes.INVOKESTATIC;
    List<Value> args = new ArrayList<>();
    for (int i = 0; i < argTypes.length; i++) {
      args.add(0, pop());
    }
    Value receiver = hasReceiver ? pop() : null;
    if (receiver instanceof Value.ClassLiteral) {
      // Only Bpf.currentTask and Core.view take a class literal; reflection does not compile.
      throw new CompileError(b.line(), Messages.unsupportedInstruction("a class literal"));
    }
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
    if (m.owner.equals(LangNames.BPF_MAP) && m.name.equals(LangNames.BPF_MAP_LOOKUP)) {
      // javac casts a lookup's erased result to the value type: a BpfMap for a map of maps.
      io.bpf4j.processor.model.MapModel map =
          receiver instanceof Value.MapRef ref
              ? ref.map()
              : intrinsics.outerMapOf(receiver) != null
                  ? intrinsics.outerMapOf(receiver).inner()
                  : null;
      if (map != null) {
        lookupValueTypes.put(m, map.isMapOfMaps() ? LangNames.BPF_MAP : internalName(map.value()));
      }
    }
    if (m.owner.equals(LangNames.RING_BUF)
        && m.name.equals(LangNames.RING_BUF_RESERVE)
        && receiver instanceof Value.MapRef ref
        && ref.map().value() != null) {
      // javac casts reserve()'s erased result to the record type, as it does a lookup's.
      lookupValueTypes.put(m, internalName(ref.map().value()));
    }
    if ((m.owner.equals(LangNames.BPF_QUEUE) || m.owner.equals(LangNames.BPF_STACK))
        && (m.name.equals(LangNames.QUEUE_POP) || m.name.equals(LangNames.QUEUE_PEEK))
        && receiver instanceof Value.MapRef ref
        && ref.map().value() != null) {
      // javac casts pop()'s and peek()'s erased results to the value type, as it does a lookup's.
      lookupValueTypes.put(m, internalName(ref.map().value()));
    }
    Value result = intrinsics.invoke(m.owner, m.name, m.desc, receiver, args, this::op);
    if (result == null && m.name.equals("valueOf") && BOXES.containsKey(m.owner)) {
      // Autoboxing of a byte, short, char or boolean (Integer and Long box as map keys).
      throw new CompileError(b.line(), Messages.boxing(simpleName(m.owner), BOXES.get(m.owner)));
    }
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
    // The inlining pass (inline.InlineSplicer) splices the callee here once translation is done.
    Reg result = resultKind == null ? null : b.newReg(resultKind, "ret");
    List<Operand> args = new ArrayList<>();
    List<Boolean> args64 = new ArrayList<>();
    for (Value.Op a : ops) {
      args.add(a.operand());
      args64.add(a.kind().is64());
    }
    InlineSite site =
        new InlineSite(function, callee, args, args64, result, s.layoutAnchor(), b.line());
    b.add(site);
    push(
        result != null ? new Value.Op(result, resultKind) : new Value.Op(new Imm(0), Reg.Kind.INT));
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
    if (s.failureSlot == null) {
      s.failureSlot = function.newSlot("failed", 8, 8, FrameSlot.Purpose.SCRATCH, b.line());
    }
    FrameAddr flag = new FrameAddr(s.failureSlot, 0);
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
    Block block = b.block();
    int first = block.insns().size();
    intrinsics.zero(u.address(), layout.size());
    if (block.insns().size() > first && u.address().operand() instanceof FrameAddr a) {
      function.recordNewSite(new NewSite(a.slot(), block.insns().get(first), b.line()));
    }
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i) == receiver) {
        stack.set(i, u.address());
      }
    }
  }

  private static String internalName(io.bpf4j.processor.model.ValueType type) {
    return switch (type.kind()) {
      case INT -> "java/lang/Integer";
      case LONG -> "java/lang/Long";
      case STRUCT -> type.struct().internalName();
    };
  }
}
