package io.bpf4j.processor.frontend;

import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.MapAddr;
import io.bpf4j.processor.ir.Neg;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.LangNames;
import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.StructField;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the calls and field accesses that have a BPF meaning: {@code @Struct} fields to loads
 * and stores, {@code @Atomic} compound assignments to atomic instructions, and calls of the
 * io.bpf4j.lang API to what {@link MapCalls}, {@link ContextAccess} and {@link BpfCalls} make of
 * them.
 */
public final class Intrinsics {
  private static final String INTEGER = "java/lang/Integer";
  private static final String LONG = "java/lang/Long";

  private final IrBuilder b;
  private final MapCalls maps;
  private final ContextAccess contexts;
  private final BpfCalls bpf;
  private final KernelReads kernel;
  private final SwappedValues swapped;

  public Intrinsics(ClassContext context, IrBuilder b) {
    this.b = b;
    ScratchSlot scratch = new ScratchSlot(b);
    this.maps = new MapCalls(b, scratch);
    this.swapped = new SwappedValues(b);
    this.contexts = new ContextAccess(b, scratch, context, swapped);
    this.bpf = new BpfCalls(b, context, swapped);
    this.kernel = new KernelReads(b, context, scratch);
  }

  /**
   * Lets SkBuff reads use {@code LD_ABS} / {@code LD_IND}: only in the function of a socket filter
   * or tc program, where the kernel allows them and their "end the program with 0" is ours.
   */
  public void usePacketLoadInstructions() {
    contexts.usePacketLoadInstructions();
  }

  /** See {@link ContextAccess#packetLength}. */
  ContextAccess.PacketLength packetLength(Reg r) {
    return contexts.packetLength(r);
  }

  public boolean usesPacketLoadInstructions() {
    return contexts.usesPacketLoadInstructions();
  }

  /** What is left once the whole method is translated: swaps that undo each other. */
  public void finish(io.bpf4j.processor.ir.Function f) {
    swapped.fold(f);
  }

  /** Converts a stack value to an operand (emitting what it needs). */
  public interface Materializer {
    Value.Op op(Value v);
  }

  // ---- fields

  /** The {@code @KernelStruct} view {@code owner}, or null when it is not one. */
  public KernelStructView kernelStruct(String owner) {
    return kernel.view(owner);
  }

  /** A view field read, left unread until used (see {@link KernelReads}). */
  public Value.KernelRead kernelFieldRead(Value object, KernelStructView view, String name) {
    return kernel.fieldRead(object, view, name);
  }

  /** Performs a view field read. */
  public Value kernelRead(Value.KernelRead r, Materializer m) {
    return kernel.read(r, m);
  }

  public Value.Op loadField(Value.Op obj, StructField field) {
    Reg.Kind kind = field.isLong() ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg t = b.newReg(kind, field.name());
    b.load(t, base(obj), field.offset(), field.size(), field.signed());
    if (!field.signed() && field.size() < 4) {
      t.markZeroExtendedNonNegative();
    }
    return new Value.Op(t, kind);
  }

  /**
   * Fixed array field {@code field} of {@code obj}, as an array value: on the stack its address is
   * a frame offset; through a pointer (a map value, a ring buffer record) it is computed once,
   * after the null check Java's dereference implies (the verifier refuses arithmetic on a pointer
   * that may be null).
   */
  public Value.Array arrayField(Value.Op obj, StructField field) {
    Operand o = base(obj);
    Value.Op address;
    if (o instanceof FrameAddr a) {
      address = new Value.Op(new FrameAddr(a.slot(), a.offset() + field.offset()), Reg.Kind.REF);
    } else {
      Reg p = (Reg) o;
      b.exitZeroIf(Cond.EQ, true, p, new Imm(0));
      Reg t = b.copy(Reg.Kind.REF, p, field.name());
      if (field.offset() != 0) {
        b.alu(AluOp.ADD, false, t, new Imm(field.offset()));
      }
      address = new Value.Op(t, Reg.Kind.REF);
    }
    return new Value.Array(address, field.length(), field.elementSize(), field.signed());
  }

  public void storeField(Value.Op obj, StructField field, Value.Op value) {
    Operand src = value.operand();
    if (!(src instanceof Reg) && !(src instanceof Imm i && i.fitsInt32())) {
      src = b.copy(value.kind(), src, "v");
    }
    b.store(base(obj), field.offset(), field.size(), src);
  }

  /** {@code obj.field op= rhs} as one atomic instruction. */
  public void atomicUpdate(Value.Op obj, StructField field, AluOp op, Value.Op rhs) {
    Reg.Kind kind = field.isLong() ? Reg.Kind.LONG : Reg.Kind.INT;
    Operand value = rhs.operand();
    int atomicOp;
    switch (op) {
      case ADD -> atomicOp = Opcode.ATOMIC_ADD;
      case SUB -> {
        atomicOp = Opcode.ATOMIC_ADD;
        if (value instanceof Imm i) {
          value = new Imm(field.isLong() ? -i.value() : -(int) i.value());
        } else {
          Reg t = b.copy(kind, value, "neg");
          b.add(new Neg(t, b.line()));
          value = t;
        }
      }
      case OR -> atomicOp = Opcode.ATOMIC_OR;
      case AND -> atomicOp = Opcode.ATOMIC_AND;
      case XOR -> atomicOp = Opcode.ATOMIC_XOR;
      default -> throw new CompileError(b.line(), Messages.atomicUnsupportedOp(field.name()));
    }
    Reg src = value instanceof Reg r ? r : b.copy(kind, value, "inc");
    b.add(new AtomicOp(atomicOp, base(obj), field.offset(), field.size(), src, b.line()));
  }

  private Operand base(Value.Op obj) {
    Operand o = obj.operand();
    if (o instanceof Imm) {
      // A dereference of null: Java throws, BPF code ends the program with 0.
      b.jump(b.returnZeroBlock());
      return b.copy(Reg.Kind.REF, o, "null");
    }
    return o;
  }

  /** Zeroes {@code size} bytes (a multiple of 8) at a new stack object. */
  public void zero(Value.Op address, int size) {
    for (int off = 0; off < size; off += 8) {
      b.store(address.operand(), off, 8, new Imm(0));
    }
  }

  // ---- calls

  public Value.Op callHelper(int id, List<Value.Op> args, Reg.Kind resultKind) {
    return result(b.call(id, null, operands(args), widths(args), resultKind));
  }

  public Value.Op callFunction(String symbol, List<Value.Op> args, Reg.Kind resultKind) {
    return result(b.call(-1, symbol, operands(args), widths(args), resultKind));
  }

  static Value.Op result(Reg r) {
    return r == null ? new Value.Op(new Imm(0), Reg.Kind.INT) : new Value.Op(r, r.kind());
  }

  static List<Operand> operands(List<Value.Op> args) {
    List<Operand> out = new ArrayList<>();
    args.forEach(a -> out.add(a.operand()));
    return out;
  }

  static List<Boolean> widths(List<Value.Op> args) {
    List<Boolean> out = new ArrayList<>();
    args.forEach(a -> out.add(a.kind().is64()));
    return out;
  }

  /** The map of maps {@code v} is an inner map of, or null when it is not one. */
  MapModel outerMapOf(Value v) {
    return maps.outerOf(v);
  }

  /** Records that {@code v} was stored into {@code local} (inner maps stay known through it). */
  void storedInLocal(Value v, Reg local) {
    maps.copied(v, local);
  }

  /**
   * The value of intrinsic call {@code owner.name desc}, or null when it is not an intrinsic. Void
   * intrinsics return a placeholder that the caller drops.
   */
  public Value invoke(
      String owner, String name, String desc, Value receiver, List<Value> args, Materializer m) {
    ContextType context = LangNames.context(owner);
    if (context != null) {
      return contexts.call(context, name, receiver, args, m);
    }
    switch (owner) {
      case INTEGER, LONG -> {
        Value unsigned = UnsignedOps.call(b, owner.equals(LONG), name, args, m);
        return unsigned != null ? unsigned : boxing(owner, name, receiver, args, m);
      }
      case LangNames.BPF_MAP -> {
        return maps.call(name, receiver, args, m);
      }
      case LangNames.PROG_ARRAY -> {
        if (name.equals(LangNames.PROG_ARRAY_TAIL_CALL) && receiver instanceof Value.MapRef map) {
          Value.Op ctx = m.op(args.get(0));
          Value.Op index = m.op(args.get(1));
          b.call(
              Helper.TAIL_CALL.id(),
              null,
              List.of(ctx.operand(), new MapAddr(map.map().name()), index.operand()),
              List.of(true, true, false),
              null);
          return new Value.Op(new Imm(0), Reg.Kind.INT);
        }
        return null;
      }
      case LangNames.BPF -> {
        if (name.equals(LangNames.BPF_CURRENT_TASK)) {
          return kernel.currentTask(args);
        }
        return bpf.call(name, args, m);
      }
      case LangNames.CORE -> {
        return name.equals(LangNames.CORE_VIEW)
            ? kernel.view(args, m)
            : kernel.question(name, args);
      }
      case LangNames.RING_BUF -> {
        if (!(receiver instanceof Value.MapRef ring)) {
          return null;
        }
        return switch (name) {
          case LangNames.RING_BUF_OUTPUT -> maps.ringOutput(ring.map(), args.get(0), m);
          case LangNames.RING_BUF_RESERVE -> maps.ringReserve(ring.map());
          case LangNames.RING_BUF_SUBMIT -> maps.ringRelease(Helper.RINGBUF_SUBMIT, args.get(0), m);
          case LangNames.RING_BUF_DISCARD ->
              maps.ringRelease(Helper.RINGBUF_DISCARD, args.get(0), m);
          default -> null;
        };
      }
      case LangNames.BPF_QUEUE, LangNames.BPF_STACK -> {
        if (!(receiver instanceof Value.MapRef map)) {
          return null;
        }
        return switch (name) {
          case LangNames.QUEUE_PUSH -> maps.push(map.map(), args.get(0), args.get(1), m);
          case LangNames.QUEUE_POP -> maps.popOrPeek(map.map(), Helper.MAP_POP_ELEM);
          case LangNames.QUEUE_PEEK -> maps.popOrPeek(map.map(), Helper.MAP_PEEK_ELEM);
          default -> null;
        };
      }
      case LangNames.PERF_EVENT_ARRAY -> {
        if (name.equals(LangNames.PERF_EVENT_ARRAY_OUTPUT)
            && receiver instanceof Value.MapRef map) {
          return maps.perfOutput(map.map(), args.get(0), args.get(1), m);
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private Value boxing(
      String owner, String name, Value receiver, List<Value> args, Materializer m) {
    boolean isLong = owner.equals(LONG);
    if (name.equals("valueOf") && args.size() == 1 && !(args.get(0) instanceof Value.Str)) {
      return new Value.Boxed(m.op(args.get(0)));
    }
    if ((name.equals("intValue") && !isLong) || (name.equals("longValue") && isLong)) {
      if (receiver instanceof Value.Boxed bx) {
        return bx.inner();
      }
      // An Integer or Long from a map lookup is a pointer to the map's value.
      Value.Op ptr = m.op(receiver);
      Reg.Kind kind = isLong ? Reg.Kind.LONG : Reg.Kind.INT;
      Reg t = b.newReg(kind, "unbox");
      b.load(t, base(ptr), 0, isLong ? 8 : 4, false);
      return new Value.Op(t, kind);
    }
    return null;
  }
}
