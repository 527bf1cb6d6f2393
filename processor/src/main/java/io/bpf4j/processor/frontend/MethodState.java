package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * What translating one method keeps between instructions: the symbolic operand stack, the registers
 * of locals and stack positions, the blocks by bytecode index and the compile-time values carried
 * into them. The bytecode families ({@link BytecodeFamily}) share one.
 */
final class MethodState {
  final ClassContext context;
  final MethodNode method;
  final Function function;
  final IrBuilder b;
  final Intrinsics intrinsics;
  final Arrays arrays;
  final boolean isProgram;
  boolean inlined;

  /** Whether the parameters are a tracing program's traced arguments, read from r1's slots. */
  boolean tracedArguments;

  boolean[] nonNullParams = new boolean[0];
  final Map<String, Reg> locals = new HashMap<>();
  final Map<String, Reg> stackRegs = new HashMap<>();
  final Map<Integer, Block> blocks = new TreeMap<>();

  /** The value type (internal name) of each map lookup, for the cast javac puts after it. */
  final Map<AbstractInsnNode, String> lookupValueTypes = new HashMap<>();

  /** Compile-time stack entries (maps, strings) carried into a block, by block and position. */
  final Map<Integer, Map<Integer, Value>> carried = new HashMap<>();

  Frame<BasicValue>[] frames;
  FrameSlot failureSlot;
  final List<Value> stack = new ArrayList<>();

  /** The block of the bytecode block being translated, where its created blocks are laid out. */
  Block groupHead;

  /** How many blocks the function had when the current bytecode block's translation began. */
  int groupStart;

  /** The block the blocks created now will be laid out after: the last one of this group. */
  Block layoutAnchor() {
    List<Block> created = function.blocks();
    return created.size() > groupStart ? created.get(created.size() - 1) : groupHead;
  }

  MethodState(ClassContext context, MethodNode method, Function function, boolean isProgram) {
    this.context = context;
    this.method = method;
    this.function = function;
    this.b = new IrBuilder(function);
    this.intrinsics = new Intrinsics(context, b);
    this.arrays = new Arrays(b, method, context.model().internalName());
    this.isProgram = isProgram;
  }

  Block blockAt(int index) {
    return blocks.computeIfAbsent(index, k -> function.newBlock());
  }

  Reg local(int index, Reg.Kind kind) {
    return locals.computeIfAbsent(index + ":" + kind, k -> b.newReg(kind, "l" + index));
  }

  Reg stackReg(int index, Reg.Kind kind) {
    return stackRegs.computeIfAbsent(index + ":" + kind, k -> b.newReg(kind, "s" + index));
  }

  void push(Value v) {
    stack.add(v);
  }

  Value pop() {
    return stack.remove(stack.size() - 1);
  }

  Value.Op popOp() {
    return op(pop());
  }

  /** Stores the stack into the stack-position registers that block {@code target} starts from. */
  void saveStackFor(int targetIndex) {
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
              v instanceof Value.Str
                  ? Messages.nonConstantString()
                  : v instanceof Value.Array ? Messages.arrayLocal() : Messages.mapInLocal());
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
  void protectLocal(Reg reg) {
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i) instanceof Value.Op o && o.operand() == reg) {
        stack.set(i, new Value.Op(b.copy(o.kind(), reg, "t"), o.kind()));
      } else if (stack.get(i) instanceof Value.Boxed bx && bx.inner().operand() == reg) {
        Value.Op inner = bx.inner();
        stack.set(i, new Value.Boxed(new Value.Op(b.copy(inner.kind(), reg, "t"), inner.kind())));
      } else if (stack.get(i) instanceof Value.Compare c
          && (c.a().operand() == reg || c.b().operand() == reg)) {
        // compare(a, b) is still symbolic: it must see a and b as they were when it was called.
        stack.set(
            i, new Value.Compare(protect(c.a(), reg), protect(c.b(), reg), c.is64(), c.unsigned()));
      }
    }
  }

  private Value.Op protect(Value.Op o, Reg reg) {
    return o.operand() == reg ? new Value.Op(b.copy(o.kind(), reg, "t"), o.kind()) : o;
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
    if (v instanceof Value.KernelRead r) {
      return op(intrinsics.kernelRead(r, this::op));
    }
    if (v instanceof Value.ClassLiteral) {
      throw new CompileError(b.line(), Messages.unsupportedInstruction("a class literal"));
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
    if (v instanceof Value.Compare c) {
      return CompareResults.value(b, c);
    }
    throw new CompileError(
        b.line(), Messages.unsupportedInstruction("an object before its constructor"));
  }

  static int size(Value v) {
    if (v instanceof Value.Op o) {
      return o.kind() == Reg.Kind.LONG ? 2 : 1;
    }
    if (v instanceof Value.FieldRead r) {
      return r.field().isLong() ? 2 : 1;
    }
    if (v instanceof Value.KernelRead r) {
      return r.field().isLong() ? 2 : 1;
    }
    if (v instanceof Value.FieldUpdate u) {
      return u.read().field().isLong() ? 2 : 1;
    }
    return 1;
  }

  static Value.Op intConst(long v) {
    return new Value.Op(new Imm((int) v), Reg.Kind.INT);
  }

  static Value.Op longConst(long v) {
    return new Value.Op(new Imm(v), Reg.Kind.LONG);
  }

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
    if (internalName.startsWith("[")) {
      // An array type, such as the owner of int[].clone().
      return simpleName(Type.getType(internalName).getClassName().replace('.', '/'));
    }
    String s = internalName.substring(internalName.lastIndexOf('/') + 1);
    s = s.substring(s.lastIndexOf('$') + 1);
    // javac names local classes Outer$1Local and anonymous ones Outer$1.
    String local = s.replaceFirst("^[0-9]+", "");
    return local.isEmpty() ? "an anonymous class" : local;
  }

  int firstLine() {
    for (AbstractInsnNode n : method.instructions) {
      if (n instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return 0;
  }

  /** The line of the first line-number entry at or after {@code index}. */
  int lineAfter(int index) {
    for (int i = index; i < method.instructions.size(); i++) {
      if (method.instructions.get(i) instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return lineAt(index);
  }

  int lineAt(int index) {
    int line = 0;
    for (int i = 0; i <= index && i < method.instructions.size(); i++) {
      if (method.instructions.get(i) instanceof LineNumberNode ln) {
        line = ln.line;
      }
    }
    return line == 0 ? firstLine() : line;
  }
}
