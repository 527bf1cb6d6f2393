package io.bpf4j.processor.lower;

import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.frontend.ClassContext;
import io.bpf4j.processor.frontend.Value;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.DataAddr;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.MapAddr;
import io.bpf4j.processor.ir.Neg;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.StructField;
import io.bpf4j.processor.model.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lowers the calls and field accesses that have a BPF meaning: map operations to helper calls with
 * keys in stack memory, context accessors to context loads, {@code @Atomic} compound assignments to
 * atomic instructions, {@code Bpf.*} to helpers.
 */
public final class Intrinsics {
  /** Offsets of the readable {@code struct __sk_buff} fields. */
  private static final Map<String, Integer> SK_BUFF_FIELDS =
      Map.ofEntries(
          Map.entry("len", 0),
          Map.entry("pktType", 4),
          Map.entry("mark", 8),
          Map.entry("queueMapping", 12),
          Map.entry("protocol", 16),
          Map.entry("vlanPresent", 20),
          Map.entry("vlanTci", 24),
          Map.entry("vlanProto", 28),
          Map.entry("priority", 32),
          Map.entry("ingressIfindex", 36),
          Map.entry("ifindex", 40),
          Map.entry("tcIndex", 44),
          Map.entry("hash", 68));

  private static final int SK_BUFF_CB = 48;

  /**
   * Context fields whose kernel value never reaches 2^31 (lengths, indexes, 16-bit fields), so
   * widening them to long is free. {@code mark}, {@code priority}, {@code hash} and {@code cb} can
   * hold any 32 bits and are not listed.
   */
  private static final java.util.Set<String> NON_NEGATIVE_FIELDS =
      java.util.Set.of(
          "len",
          "pktType",
          "queueMapping",
          "protocol",
          "vlanPresent",
          "vlanTci",
          "vlanProto",
          "ingressIfindex",
          "ifindex",
          "tcIndex",
          "rxQueueIndex");

  /** Offsets of the readable {@code struct xdp_md} fields. */
  private static final Map<String, Integer> XDP_MD_FIELDS =
      Map.of("ingressIfindex", 12, "rxQueueIndex", 16);

  private static final String LANG = "io/bpf4j/lang/";

  private final ClassContext context;
  private final IrBuilder b;
  private FrameSlot scratch;
  private PacketView packet;
  private boolean packetLoadInstructions;

  public Intrinsics(ClassContext context, IrBuilder b) {
    this.context = context;
    this.b = b;
  }

  /**
   * Lets SkBuff reads use {@code LD_ABS} / {@code LD_IND}: only in the function of a socket filter
   * or tc program, where the kernel allows them and their "end the program with 0" is ours.
   */
  public void usePacketLoadInstructions() {
    packetLoadInstructions = true;
  }

  public boolean usesPacketLoadInstructions() {
    return packetLoadInstructions;
  }

  /** Converts a stack value to an operand (emitting what it needs). */
  public interface Materializer {
    Value.Op op(Value v);
  }

  // ---- fields

  public Value.Op loadField(Value.Op obj, StructField field) {
    Reg.Kind kind = field.isLong() ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg t = b.newReg(kind, field.name());
    b.load(t, base(obj), field.offset(), field.size(), field.signed());
    if (!field.signed() && field.size() < 4) {
      t.markZeroExtendedNonNegative();
    }
    return new Value.Op(t, kind);
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

  private static Value.Op result(Reg r) {
    return r == null ? new Value.Op(new Imm(0), Reg.Kind.INT) : new Value.Op(r, r.kind());
  }

  private static List<Operand> operands(List<Value.Op> args) {
    List<Operand> out = new ArrayList<>();
    args.forEach(a -> out.add(a.operand()));
    return out;
  }

  private static List<Boolean> widths(List<Value.Op> args) {
    List<Boolean> out = new ArrayList<>();
    args.forEach(a -> out.add(a.kind().is64()));
    return out;
  }

  /**
   * The value of intrinsic call {@code owner.name desc}, or null when it is not an intrinsic. Void
   * intrinsics return a placeholder that the caller drops.
   */
  public Value invoke(
      String owner, String name, String desc, Value receiver, List<Value> args, Materializer m) {
    switch (owner) {
      case "java/lang/Integer", "java/lang/Long" -> {
        return boxing(owner, name, receiver, args, m);
      }
      case LANG + "BpfMap" -> {
        return mapCall(name, receiver, args, m);
      }
      case LANG + "ProgArray" -> {
        if (name.equals("tailCall") && receiver instanceof Value.MapRef map) {
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
      case LANG + "SkBuff" -> {
        return contextField(SK_BUFF_FIELDS, name, receiver, args, m);
      }
      case LANG + "XdpMd" -> {
        return contextField(XDP_MD_FIELDS, name, receiver, args, m);
      }
      case LANG + "Bpf" -> {
        return bpf(name, desc, args, m);
      }
      case LANG + "TracepointContext" -> {
        int size =
            switch (name) {
              case "readLong" -> 8;
              case "readInt" -> 4;
              case "readShort" -> 2;
              case "readByte" -> 1;
              default -> 0;
            };
        return size == 0 ? null : contextRead(m.op(receiver), m.op(args.get(0)), size, 1 << 16);
      }
      case LANG + "RawTracepointArgs" -> {
        if (!name.equals("arg")) {
          return null;
        }
        Value.Op index = m.op(args.get(0));
        if (!(index.operand() instanceof Imm i) || i.value() < 0 || i.value() > 11) {
          throw new CompileError(
              b.line(), "RawTracepointArgs.arg(index) needs a constant index" + " from 0 to 11");
        }
        return contextRead(
            m.op(receiver), new Value.Op(new Imm(8 * i.value()), Reg.Kind.INT), 8, 96);
      }
      case LANG + "RingBuf" -> {
        if (name.equals("output") && receiver instanceof Value.MapRef ring) {
          return ringOutput(ring.map(), args.get(0), m);
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
    boolean isLong = owner.equals("java/lang/Long");
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

  private Value mapCall(String name, Value receiver, List<Value> args, Materializer m) {
    if (!(receiver instanceof Value.MapRef ref)) {
      throw new CompileError(b.line(), Messages.mapInLocal());
    }
    MapModel map = ref.map();
    Operand mapAddr = new MapAddr(map.name());
    switch (name) {
      case "lookup" -> {
        Operand key = addressOf(args.get(0), map.key(), 0, m);
        Reg r =
            b.call(
                Helper.MAP_LOOKUP_ELEM.id(),
                null,
                List.of(mapAddr, key),
                List.of(true, true),
                Reg.Kind.REF);
        b.function().markNullable(r);
        if (map.value() != null && map.value().kind() != ValueType.Kind.STRUCT) {
          return new Value.Op(privateBox(r, map.value().size()), Reg.Kind.REF);
        }
        return new Value.Op(r, Reg.Kind.REF);
      }
      case "update" -> {
        Operand key = addressOf(args.get(0), map.key(), 0, m);
        Operand value = addressOf(args.get(1), map.value(), 8 * ((map.keySize() + 7) / 8), m);
        Value.Op flags = m.op(args.get(2));
        Reg r =
            b.call(
                Helper.MAP_UPDATE_ELEM.id(),
                null,
                List.of(mapAddr, key, value, flags.operand()),
                List.of(true, true, true, true),
                Reg.Kind.INT);
        return new Value.Op(r, Reg.Kind.INT);
      }
      case "delete" -> {
        Operand key = addressOf(args.get(0), map.key(), 0, m);
        Reg r =
            b.call(
                Helper.MAP_DELETE_ELEM.id(),
                null,
                List.of(mapAddr, key),
                List.of(true, true),
                Reg.Kind.INT);
        return new Value.Op(r, Reg.Kind.INT);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * An {@code Integer} or {@code Long} from a map is an immutable box in Java, while the lookup's
   * result points into the map: a later update of the element would show through it. The value is
   * copied at the lookup into a stack slot of this call site, whose address (or null) stands for
   * the box.
   */
  private Reg privateBox(Reg found, int size) {
    FrameSlot slot = b.function().newSlot("box", 8, 8, FrameSlot.Purpose.OBJECT, b.line());
    Reg box = b.copy(Reg.Kind.REF, found, "box");
    Block copy = b.function().newBlock();
    Block done = b.function().newBlock();
    b.branch(io.bpf4j.processor.ir.Cond.EQ, true, found, new Imm(0), done, copy);
    b.switchTo(copy);
    Reg value = b.newReg(size == 8 ? Reg.Kind.LONG : Reg.Kind.INT, "unboxed");
    b.load(value, found, 0, size, false);
    b.store(new FrameAddr(slot, 0), 0, size, value);
    b.add(new io.bpf4j.processor.ir.Mov(box, new FrameAddr(slot, 0), true, b.line()));
    b.jump(done);
    b.switchTo(done);
    return box;
  }

  /** {@code bpf_ringbuf_output(ring, &record, sizeof record, 0) == 0} (kernel 5.8+). */
  private Value ringOutput(MapModel ring, Value record, Materializer m) {
    Operand data = addressOf(record, ring.value(), 0, m);
    Reg r =
        b.call(
            Helper.RINGBUF_OUTPUT.id(),
            null,
            List.of(new MapAddr(ring.name()), data, new Imm(ring.value().size()), new Imm(0)),
            List.of(true, true, true, true),
            Reg.Kind.LONG);
    return new Value.Op(isZero(r), Reg.Kind.INT);
  }

  /** {@code r == 0} as an int 1 or 0, through a branch. */
  private Reg isZero(Reg r) {
    Reg out = b.newReg(Reg.Kind.INT, "ok");
    b.add(new io.bpf4j.processor.ir.Mov(out, new Imm(1), false, b.line()));
    Block zero = b.function().newBlock();
    Block done = b.function().newBlock();
    b.branch(io.bpf4j.processor.ir.Cond.EQ, true, r, new Imm(0), done, zero);
    b.switchTo(zero);
    b.add(new io.bpf4j.processor.ir.Mov(out, new Imm(0), false, b.line()));
    b.jump(done);
    b.switchTo(done);
    return out;
  }

  /**
   * The address of a key or value: struct objects and map values are already addresses; a boxed
   * scalar is stored into the function's scratch slot at {@code offset}.
   */
  private Operand addressOf(Value v, ValueType type, int offset, Materializer m) {
    if (v instanceof Value.Boxed bx || (v instanceof Value.Op o && o.kind() != Reg.Kind.REF)) {
      Value.Op scalar = v instanceof Value.Boxed bx2 ? bx2.inner() : (Value.Op) v;
      int size = type == null ? (scalar.kind().is64() ? 8 : 4) : type.size();
      FrameSlot slot = scratch(offset + 8);
      Operand src = scalar.operand();
      if (!(src instanceof Reg) && !(src instanceof Imm i && i.fitsInt32())) {
        src = b.copy(scalar.kind(), src, "key");
      }
      b.store(new FrameAddr(slot, 0), offset, size, src);
      return new FrameAddr(slot, offset);
    }
    Value.Op o = m.op(v);
    if (o.operand() instanceof Imm) {
      throw new CompileError(b.line(), "a map key or value must not be null");
    }
    return o.operand();
  }

  private FrameSlot scratch(int size) {
    if (scratch == null) {
      scratch = b.function().newSlot("scratch", size, 8, FrameSlot.Purpose.SCRATCH, b.line());
    }
    scratch.growTo(size);
    return scratch;
  }

  private Value contextField(
      Map<String, Integer> fields, String name, Value receiver, List<Value> args, Materializer m) {
    Value.Op ctx = m.op(receiver);
    boolean xdp = fields == XDP_MD_FIELDS;
    switch (name) {
      case "loadByte" -> {
        return packetRead(ctx, m.op(args.get(0)), 1, xdp);
      }
      case "loadHalf" -> {
        return packetRead(ctx, m.op(args.get(0)), 2, xdp);
      }
      case "loadWord" -> {
        return packetRead(ctx, m.op(args.get(0)), 4, xdp);
      }
      case "loadBytes" -> {
        if (!(args.get(1) instanceof Value.Array dst)
            || dst.elementSize() != 1
            || dst.length() == 0) {
          throw new CompileError(
              b.line(),
              "loadBytes needs a non-empty byte[] of constant length created"
                  + " in this method, e.g. byte[] buf = new byte[16]");
        }
        Reg r =
            b.call(
                xdp ? Helper.XDP_LOAD_BYTES.id() : Helper.SKB_LOAD_BYTES.id(),
                null,
                List.of(
                    ctx.operand(),
                    m.op(args.get(0)).operand(),
                    dst.address().operand(),
                    new Imm(dst.length())),
                List.of(true, false, true, true),
                Reg.Kind.INT);
        return new Value.Op(r, Reg.Kind.INT);
      }
      case "length" -> {
        if (xdp) {
          // data_end - data, as the API defines it (and as C computes it).
          PacketView view = packetPointers(ctx);
          Reg diff = b.copy(Reg.Kind.LONG, view.dataEnd(), "length");
          b.alu(AluOp.SUB, false, diff, view.data());
          Reg len = b.newReg(Reg.Kind.INT, "length");
          b.add(new io.bpf4j.processor.ir.Mov(len, diff, true, b.line()));
          len.markZeroExtendedNonNegative();
          return new Value.Op(len, Reg.Kind.INT);
        }
      }
      default -> {}
    }
    Integer offset = fields.get(name);
    if (name.equals("cb") && fields == SK_BUFF_FIELDS) {
      Value.Op index = m.op(args.get(0));
      if (!(index.operand() instanceof Imm i) || i.value() < 0 || i.value() > 4) {
        throw new CompileError(b.line(), "SkBuff.cb(index) needs a constant index from 0 to 4");
      }
      offset = SK_BUFF_CB + 4 * (int) i.value();
    }
    if (offset == null) {
      throw new CompileError(
          b.line(),
          Messages.unsupportedInstruction(
              name + "() (packet reads are not supported yet; read context fields such as len())"));
    }
    Reg t = b.newReg(Reg.Kind.INT, name);
    b.load(t, ctx.operand(), offset, 4, false);
    if (NON_NEGATIVE_FIELDS.contains(name)) {
      t.markZeroExtendedNonNegative();
    }
    return new Value.Op(t, Reg.Kind.INT);
  }

  /** A load of {@code size} bytes at constant {@code offset} of a tracing context. */
  private Value contextRead(Value.Op ctx, Value.Op offset, int size, int limit) {
    if (!(offset.operand() instanceof Imm i)
        || i.value() < 0
        || i.value() + size > limit
        || i.value() % size != 0) {
      throw new CompileError(
          b.line(),
          "a context field offset must be a constant, aligned to"
              + " the field's size ("
              + size
              + " bytes) and inside the context");
    }
    Reg.Kind kind = size == 8 ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg t = b.newReg(kind, "field");
    b.load(t, ctx.operand(), (int) i.value(), size, false);
    if (size < 4) {
      t.markZeroExtendedNonNegative();
    }
    return new Value.Op(t, kind);
  }

  /**
   * A big-endian read of {@code size} bytes at {@code offset} of the packet: XDP reads at constant
   * offsets go to the packet directly ({@link #directRead}); the others through {@code
   * bpf_skb_load_bytes} (helper 26) or {@code bpf_xdp_load_bytes} (helper 189, kernel 5.18+) into
   * the scratch slot. A read past the end ends the program with 0, as the API says (and as LD_ABS
   * does).
   */
  private Value packetRead(Value.Op ctx, Value.Op offset, int size, boolean xdp) {
    if (xdp
        && offset.operand() instanceof Imm off
        && off.value() >= 0
        && off.value() + size <= Short.MAX_VALUE) {
      return directRead(ctx, (int) off.value(), size);
    }
    if (xdp && offset.operand() instanceof Imm) {
      // Beyond a load instruction's signed 16-bit offset (or negative): read as a computed
      // offset, whose bound check fails it as the kernel would.
      return variableDirectRead(ctx, b.copy(Reg.Kind.INT, offset.operand(), "off"), size);
    }
    if (!xdp && packetLoadInstructions && !(offset.operand() instanceof Imm i && i.value() < 0)) {
      return classicRead(ctx, offset, size);
    }
    if (xdp && offset.operand() instanceof Reg off) {
      return variableDirectRead(ctx, off, size);
    }
    FrameSlot slot = scratch(8);
    Reg r =
        b.call(
            xdp ? Helper.XDP_LOAD_BYTES.id() : Helper.SKB_LOAD_BYTES.id(),
            null,
            List.of(ctx.operand(), offset.operand(), new FrameAddr(slot, 0), new Imm(size)),
            List.of(true, false, true, true),
            Reg.Kind.LONG);
    b.exitZeroIf(io.bpf4j.processor.ir.Cond.NE, true, r, new Imm(0));
    Reg v = b.newReg(Reg.Kind.INT, "pkt");
    b.load(v, new FrameAddr(slot, 0), 0, size, false);
    if (size > 1) {
      b.add(new ByteSwap(v, size * 8, b.line()));
    }
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }

  /**
   * A read by {@code LD_ABS} (constant offset) or {@code LD_IND} (register offset), with the
   * context in r6. The kernel reads a negative offset relative to the network or link-layer header
   * (the classic SKF_NET_OFF / SKF_LL_OFF areas) where Java must fail, so a register offset not
   * known to be non-negative is checked first.
   */
  private Value classicRead(Value.Op ctx, Value.Op offset, int size) {
    Operand off = offset.operand();
    if (off instanceof Reg r && !r.isZeroExtendedNonNegative()) {
      b.exitZeroIf(io.bpf4j.processor.ir.Cond.SLT, false, r, new Imm(0));
    }
    Reg r6 = b.function().contextRegister();
    b.mov(r6, ctx.operand());
    b.add(new PacketLoad(r6, off, size, b.function().callerSaved(), b.line()));
    Reg v = b.newReg(Reg.Kind.INT, "pkt");
    b.add(
        new io.bpf4j.processor.ir.Mov(
            v, b.function().fixed(io.bpf4j.object.insn.Register.R0), true, b.line()));
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }

  /**
   * An XDP read at a constant offset by direct packet access: {@code data + offset + size} is
   * compared with {@code data_end} (the check the verifier needs), and the load goes straight to
   * the packet. Further reads in the same straight-line code reuse the pointers and a check that
   * already covers them.
   */
  private Value directRead(Value.Op ctx, int offset, int size) {
    int end = offset + size;
    packetPointers(ctx);
    if (end > packet.checked()) {
      Reg limit = b.copy(Reg.Kind.REF, packet.data(), "limit");
      b.alu(AluOp.ADD, false, limit, new Imm(end));
      b.exitZeroIf(io.bpf4j.processor.ir.Cond.UGT, true, limit, packet.dataEnd());
      packet = new PacketView(packet.data(), packet.dataEnd(), end, b.block(), callsIn(b.block()));
    }
    Reg v = b.newReg(Reg.Kind.INT, "pkt");
    b.load(v, packet.data(), offset, size, false);
    if (size > 1) {
      b.add(new ByteSwap(v, size * 8, b.line()));
    }
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }

  /**
   * The packet's {@code data} and {@code data_end} pointers: those already loaded in this
   * straight-line code, or loaded now.
   */
  private PacketView packetPointers(Value.Op ctx) {
    if (packet == null || packet.block() != b.block() || packet.calls() != callsIn(b.block())) {
      Reg data = b.newReg(Reg.Kind.REF, "data");
      Reg dataEnd = b.newReg(Reg.Kind.REF, "data_end");
      b.load(data, ctx.operand(), 0, 4, false);
      b.load(dataEnd, ctx.operand(), 4, 4, false);
      packet = new PacketView(data, dataEnd, 0, b.block(), callsIn(b.block()));
    }
    return packet;
  }

  /**
   * An XDP read at a computed offset by direct packet access, as C does it: the offset, zero-
   * extended and bounded by the largest packet (so the verifier can follow the pointer; the range
   * pass drops the bound when the offset is known small), is added to {@code data}, and the end of
   * the read is checked against {@code data_end}. A negative int offset becomes a huge unsigned one
   * and fails the bound, as a read before the packet must.
   */
  private Value variableDirectRead(Value.Op ctx, Reg offset, int size) {
    Reg wide = b.newReg(Reg.Kind.LONG, "off");
    b.add(io.bpf4j.processor.ir.Mov.zeroExtend(wide, offset, b.line()));
    // The verifier marks a checked packet pointer readable only when its variable part plus the
    // read stays within 0xffff; no linear XDP buffer comes close.
    b.exitZeroIf(io.bpf4j.processor.ir.Cond.UGT, true, wide, new Imm(0xfff0));
    PacketView view = packetPointers(ctx);
    Reg at = b.copy(Reg.Kind.REF, view.data(), "at");
    b.alu(AluOp.ADD, false, at, wide);
    Reg limit = b.copy(Reg.Kind.REF, at, "limit");
    b.alu(AluOp.ADD, false, limit, new Imm(size));
    b.exitZeroIf(io.bpf4j.processor.ir.Cond.UGT, true, limit, view.dataEnd());
    Reg v = b.newReg(Reg.Kind.INT, "pkt");
    b.load(v, at, 0, size, false);
    if (size > 1) {
      b.add(new ByteSwap(v, size * 8, b.line()));
    }
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }

  private static int callsIn(Block block) {
    int n = 0;
    for (io.bpf4j.processor.ir.Insn i : block.insns()) {
      if (i instanceof io.bpf4j.processor.ir.Call) {
        n++;
      }
    }
    return n;
  }

  /** Packet pointers loaded in {@code block}, and how far a bounds check has covered. */
  private record PacketView(Reg data, Reg dataEnd, int checked, Block block, int calls) {}

  private Value bpf(String name, String desc, List<Value> args, Materializer m) {
    switch (name) {
      case "printk" -> {
        if (!(args.get(0) instanceof Value.Str fmt)) {
          throw new CompileError(b.line(), Messages.nonConstantString());
        }
        int offset = context.internString(fmt.text());
        int length = fmt.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        List<Operand> ops =
            new ArrayList<>(List.of(new DataAddr(".rodata", offset), new Imm(length)));
        List<Boolean> widths = new ArrayList<>(List.of(true, true));
        for (Value a : args.subList(1, args.size())) {
          ops.add(m.op(a).operand());
          widths.add(true);
        }
        return result(b.call(Helper.TRACE_PRINTK.id(), null, ops, widths, Reg.Kind.INT));
      }
      case "ktimeGetNs" -> {
        return callHelper(Helper.KTIME_GET_NS.id(), List.of(), Reg.Kind.LONG);
      }
      case "getPrandomU32" -> {
        return callHelper(Helper.GET_PRANDOM_U32.id(), List.of(), Reg.Kind.INT);
      }
      case "getSmpProcessorId" -> {
        return callHelper(Helper.GET_SMP_PROCESSOR_ID.id(), List.of(), Reg.Kind.INT);
      }
      case "getCurrentPidTgid" -> {
        return callHelper(Helper.GET_CURRENT_PID_TGID.id(), List.of(), Reg.Kind.LONG);
      }
      case "getSocketCookie" -> {
        return callHelper(Helper.GET_SOCKET_COOKIE.id(), List.of(m.op(args.get(0))), Reg.Kind.LONG);
      }
      case "getSocketUid" -> {
        return callHelper(Helper.GET_SOCKET_UID.id(), List.of(m.op(args.get(0))), Reg.Kind.INT);
      }
      case "htons", "ntohs", "htonl", "ntohl" -> {
        int bits = name.endsWith("s") ? 16 : 32;
        Value.Op v = m.op(args.get(0));
        if (v.operand() instanceof Imm i) {
          int x = (int) i.value();
          int swapped =
              bits == 16
                  ? Short.toUnsignedInt(Short.reverseBytes((short) x))
                  : Integer.reverseBytes(x);
          return new Value.Op(new Imm(swapped), Reg.Kind.INT);
        }
        Reg t = b.copy(Reg.Kind.INT, v.operand(), name);
        b.add(new ByteSwap(t, bits, b.line()));
        return new Value.Op(t, Reg.Kind.INT);
      }
      default -> {
        return null;
      }
    }
  }
}
