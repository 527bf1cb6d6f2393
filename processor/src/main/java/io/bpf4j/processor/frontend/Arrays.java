package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Primitive arrays of constant length, on the BPF stack and zeroed when created. An index is
 * checked against the length (an index out of bounds ends the program with 0, where Java throws),
 * which also gives the verifier the bound it needs for a variable stack offset.
 */
final class Arrays {
  private final IrBuilder b;
  private final MethodNode method;
  private final String owner;

  /** The array each local holds since its last store in bytecode order, and that store. */
  private final Map<Integer, Binding> locals = new HashMap<>();

  /** Which stores reach each instruction (computed when the method has an array local). */
  private Frame<SourceValue>[] reaching;

  private record Binding(Value.Array array, AbstractInsnNode store) {}

  Arrays(IrBuilder b, MethodNode method, String owner) {
    this.b = b;
    this.method = method;
    this.owner = owner;
  }

  /** {@code new T[length]} for primitive type code {@code type} of NEWARRAY. */
  Value.Array create(int type, Value.Op length) {
    if (!(length.operand() instanceof Imm n) || n.value() < 0) {
      throw new CompileError(b.line(), Messages.arrayLength());
    }
    int size;
    boolean signed = true;
    switch (type) {
      case Opcodes.T_BOOLEAN -> {
        size = 1;
        signed = false;
      }
      case Opcodes.T_BYTE -> size = 1;
      case Opcodes.T_CHAR -> {
        size = 2;
        signed = false;
      }
      case Opcodes.T_SHORT -> size = 2;
      case Opcodes.T_INT -> size = 4;
      case Opcodes.T_LONG -> size = 8;
      default -> throw new CompileError(b.line(), Messages.floatingPoint());
    }
    int bytes = Math.max(8, (int) ((n.value() * size + 7) / 8 * 8));
    if (bytes > 512) {
      throw new CompileError(b.line(), Messages.stackTooLarge(bytes, "this array"));
    }
    FrameSlot slot = b.function().newSlot("array", bytes, 8, FrameSlot.Purpose.OBJECT, b.line());
    for (int off = 0; off < bytes; off += 8) {
      b.store(new FrameAddr(slot, 0), off, 8, new Imm(0));
    }
    return new Value.Array(
        new Value.Op(new FrameAddr(slot, 0), Reg.Kind.REF), (int) n.value(), size, signed);
  }

  /** Remembers that local {@code index} holds {@code array} from {@code store} on. */
  void bind(int index, Value.Array array, AbstractInsnNode store) {
    locals.put(index, new Binding(array, store));
  }

  /** Local {@code index} holds something else from here on (javac reuses slots across scopes). */
  void unbind(int index) {
    locals.remove(index);
  }

  /**
   * The array local {@code index} holds at {@code load}, or null when it holds none. The array's
   * store must be the only store of the local that reaches the load: javac gives variables of
   * sibling scopes the same slot, which is fine, but an array variable assigned twice would have no
   * single length where it is used.
   */
  Value.Array local(int index, AbstractInsnNode load) {
    Binding binding = locals.get(index);
    if (binding == null) {
      return null;
    }
    Frame<SourceValue> frame = reachingStores()[method.instructions.indexOf(load)];
    if (frame != null) {
      Set<AbstractInsnNode> stores = frame.getLocal(index).insns;
      if (stores.size() != 1 || !stores.contains(binding.store())) {
        throw new CompileError(lineOfLast(stores), Messages.arrayLocal());
      }
    }
    return binding.array();
  }

  /** The source line of the last of {@code stores} in the code: the assignment to blame. */
  private int lineOfLast(Set<AbstractInsnNode> stores) {
    AbstractInsnNode last = null;
    for (AbstractInsnNode s : stores) {
      if (last == null || method.instructions.indexOf(s) > method.instructions.indexOf(last)) {
        last = s;
      }
    }
    for (AbstractInsnNode n = last; n != null; n = n.getPrevious()) {
      if (n instanceof LineNumberNode line) {
        return line.line;
      }
    }
    return b.line();
  }

  private Frame<SourceValue>[] reachingStores() {
    if (reaching == null) {
      try {
        reaching = new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
      } catch (AnalyzerException e) {
        throw new IllegalStateException("bytecode analysis failed: " + e.getMessage(), e);
      }
    }
    return reaching;
  }

  /** {@code v} as an array; anything else is not an array this compiler can index. */
  Value.Array of(Value v) {
    if (v instanceof Value.Array a) {
      return a;
    }
    throw new CompileError(b.line(), Messages.arrays());
  }

  Value.Op load(Value.Array array, Value.Op index, boolean isLong) {
    Reg.Kind kind = isLong ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg v = b.newReg(kind, "elem");
    Address a = address(array, index);
    b.load(v, a.base(), a.offset(), array.elementSize(), array.signed());
    if (!array.signed() && array.elementSize() < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, kind);
  }

  void store(Value.Array array, Value.Op index, Value.Op value) {
    Address a = address(array, index);
    Operand src = value.operand();
    if (!(src instanceof Reg) && !(src instanceof Imm i && i.fitsInt32())) {
      src = b.copy(value.kind(), src, "v");
    }
    b.store(a.base(), a.offset(), array.elementSize(), src);
  }

  private record Address(Operand base, int offset) {}

  /** Where element {@code index} is, after the bounds check. */
  private Address address(Value.Array array, Value.Op index) {
    FrameAddr start = (FrameAddr) array.address().operand();
    if (index.operand() instanceof Imm i) {
      if (i.value() < 0 || i.value() >= array.length()) {
        // Java throws ArrayIndexOutOfBoundsException: the program ends with 0.
        b.jump(b.returnZeroBlock());
        return new Address(start, 0);
      }
      return new Address(start, (int) i.value() * array.elementSize());
    }
    Reg idx = (Reg) index.operand();
    // Unsigned, so negative indexes fail the same check.
    b.exitZeroIf(Cond.UGE, false, idx, new Imm(array.length()));
    Reg offset = b.newReg(Reg.Kind.LONG, "off");
    b.add(Mov.zeroExtend(offset, idx, b.line()));
    int shift = Integer.numberOfTrailingZeros(array.elementSize());
    if (shift > 0) {
      b.alu(AluOp.LSH, false, offset, new Imm(shift));
    }
    Reg address = b.copy(Reg.Kind.REF, start, "elem");
    b.alu(AluOp.ADD, false, address, offset);
    return new Address(address, 0);
  }
}
