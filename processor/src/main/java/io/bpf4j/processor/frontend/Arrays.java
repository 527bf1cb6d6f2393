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

  /** The array each ASTORE of an array stored. */
  private final Map<AbstractInsnNode, Value.Array> stored = new HashMap<>();

  /** Which stores reach each instruction, by local: computed once the method stores an array. */
  private Frame<SourceValue>[] reaching;

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

  /** Remembers that {@code store} (an ASTORE) stores {@code array}. */
  void bind(AbstractInsnNode store, Value.Array array) {
    stored.put(store, array);
  }

  /**
   * The array that local {@code var} holds at instruction {@code index}, or null when it holds
   * none. Which array is decided by the stores that reach the instruction, not by the local's slot
   * (javac reuses the slot of a local whose scope ended): one array must reach it, so that its
   * length and place on the stack are known here.
   */
  Value.Array local(int var, int index) {
    if (stored.isEmpty()) {
      return null;
    }
    Frame<SourceValue> frame = reaching()[index];
    if (frame == null) {
      return null;
    }
    Value.Array found = null;
    boolean ambiguous = false;
    AbstractInsnNode last = null;
    for (AbstractInsnNode store : frame.getLocal(var).insns) {
      Value.Array a = stored.get(store);
      ambiguous |= a == null || (found != null && found != a);
      found = a == null ? found : a;
      if (last == null || lineOf(store) > lineOf(last)) {
        last = store;
      }
    }
    if (found != null && ambiguous) {
      // On the assignment that made the local hold another array (or something else).
      throw new CompileError(lineOf(last), Messages.arrayLocal());
    }
    return found;
  }

  private Frame<SourceValue>[] reaching() {
    if (reaching == null) {
      try {
        reaching = new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
      } catch (AnalyzerException e) {
        throw new IllegalStateException("bytecode analysis failed: " + e.getMessage(), e);
      }
    }
    return reaching;
  }

  private int lineOf(AbstractInsnNode n) {
    for (AbstractInsnNode p = n; p != null; p = p.getPrevious()) {
      if (p instanceof LineNumberNode ln) {
        return ln.line;
      }
    }
    return b.line();
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
    // A stack array (a frame address) or an array field reached through a pointer (a register).
    Operand start = array.address().operand();
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
