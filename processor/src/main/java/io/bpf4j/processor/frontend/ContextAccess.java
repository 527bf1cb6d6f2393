package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import java.util.List;
import java.util.Map;

/**
 * Reads of a program's context: {@code struct __sk_buff} and {@code struct xdp_md} fields, tracing
 * contexts at constant offsets, and packet bytes (by {@code LD_ABS}/{@code LD_IND}, by direct
 * packet access with the bounds check the verifier wants, or through a load-bytes helper).
 */
final class ContextAccess {
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
   * The largest tc loadBytes copied inline from the packet (a load and a store per 8 bytes); a
   * larger one calls bpf_skb_load_bytes, which is no slower than that many instructions.
   */
  private static final int DIRECT_COPY_LIMIT = 64;

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

  private final IrBuilder b;
  private final ScratchSlot scratch;
  private final ProbeRegisters probeRegisters;
  private final SocketContexts socketContexts;
  private final DirectPacket packet;

  /** tc's direct packet access, shared by reads and writes so one check serves both. */
  private final DirectPacket skbPacket;

  private final ClassContext context;
  private final PacketWrites writes;
  private final SwappedValues swapped;
  private boolean packetLoadInstructions;

  /**
   * The pointers an XDP {@code length()} or a tc {@code linearLength()} was computed from: {@code
   * dataEnd - data}.
   */
  record PacketLength(Reg data, Reg dataEnd) {}

  /** Each register {@code length()} wrote (once), with the pointers it came from. */
  private final Map<Reg, PacketLength> lengths = new java.util.HashMap<>();

  ContextAccess(IrBuilder b, ScratchSlot scratch, ClassContext context, SwappedValues swapped) {
    this.b = b;
    this.scratch = scratch;
    this.probeRegisters = new ProbeRegisters(b);
    this.socketContexts = new SocketContexts(b, context);
    this.packet = new DirectPacket(b);
    this.skbPacket =
        new DirectPacket(
            b, ContextType.SK_BUFF.packetDataOffset(), ContextType.SK_BUFF.packetDataEndOffset());
    this.context = context;
    this.swapped = swapped;
    this.writes = new PacketWrites(b, scratch, packet, skbPacket, context, swapped);
  }

  void usePacketLoadInstructions() {
    packetLoadInstructions = true;
  }

  boolean usesPacketLoadInstructions() {
    return packetLoadInstructions;
  }

  /** The pointers {@code r} is the (linear) packet length of, or null when it is not one. */
  PacketLength packetLength(Reg r) {
    return lengths.get(r);
  }

  /**
   * The value of a call of context interface {@code context}'s method {@code name}, or null when it
   * is not one BPF code may call.
   */
  Value call(
      ContextType context,
      String name,
      Value receiver,
      List<Value> args,
      Intrinsics.Materializer m) {
    switch (context) {
      case SK_BUFF -> {
        return contextField(SK_BUFF_FIELDS, name, receiver, args, m);
      }
      case XDP_MD -> {
        return contextField(XDP_MD_FIELDS, name, receiver, args, m);
      }
      case TRACEPOINT -> {
        if (name.equals("readString")) {
          return dataLocString(m.op(receiver), m.op(args.get(0)), args.get(1));
        }
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
      case RAW_TRACEPOINT_ARGS -> {
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
      case PT_REGS -> {
        return probeRegisters.call(name, m.op(receiver), args, m);
      }
      case BPF_SOCK, SOCK_OPS -> {
        return socketContexts.call(context, name, m.op(receiver), args, m);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * A {@code __data_loc} string: the descriptor's low 16 bits are the string's offset in the
   * record, read with {@code bpf_probe_read_kernel_str} from the context pointer plus that offset
   * (as C programs do: the verifier allows a bounded scalar added to the context pointer that is
   * only handed to a helper).
   */
  private Value dataLocString(Value.Op ctx, Value.Op offset, Value dstValue) {
    if (!(dstValue instanceof Value.Array dst) || dst.elementSize() != 1 || dst.length() == 0) {
      throw new CompileError(
          b.line(),
          "readString needs a non-empty byte[] of constant length, e.g. byte[] name = new"
              + " byte[64], or a byte[] field of a @Struct");
    }
    Value.Op loc = (Value.Op) contextRead(ctx, offset, 4, 1 << 16);
    Reg start = b.newReg(Reg.Kind.LONG, "loc");
    b.add(Mov.zeroExtend(start, (Reg) loc.operand(), b.line()));
    b.alu(AluOp.AND, false, start, new Imm(0xffff));
    Reg address = b.copy(Reg.Kind.REF, ctx.operand(), "str");
    b.alu(AluOp.ADD, false, address, start);
    Reg r =
        b.call(
            Helper.PROBE_READ_KERNEL_STR.id(),
            null,
            List.of(dst.address().operand(), new Imm(dst.length()), address),
            List.of(true, true, true),
            Reg.Kind.INT);
    return new Value.Op(r, Reg.Kind.INT);
  }

  private Value contextField(
      Map<String, Integer> fields,
      String name,
      Value receiver,
      List<Value> args,
      Intrinsics.Materializer m) {
    Value.Op ctx = m.op(receiver);
    boolean xdp = fields == XDP_MD_FIELDS;
    Value written = writes.call(xdp, name, ctx, args, m);
    if (written != null) {
      return written;
    }
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
        Operand offset = m.op(args.get(0)).operand();
        if (!xdp
            && directSkbReads()
            && dst.length() <= DIRECT_COPY_LIMIT
            && DirectPacket.constantOffset(offset, dst.length())) {
          return directSkbLoadBytes(ctx, offset, dst);
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
          return pointerDifference(packet, ctx, "length");
        }
      }
      case "linearLength" -> {
        if (!xdp) {
          String section = context.currentSection();
          ProgramType type = section == null ? null : ProgramSections.compiledProgramType(section);
          if (type != null && type != ProgramType.SCHED_CLS) {
            throw new CompileError(b.line(), Messages.linearLengthOutsideTc(section));
          }
          return pointerDifference(skbPacket, ctx, "linear");
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

  /**
   * {@code data_end - data}, as the API defines XDP's {@code length()} and tc's {@code
   * linearLength()} (and as C computes them), remembered so that a compare of it with a constant
   * becomes the pointer test C writes (see ControlFlow's length test).
   */
  private Value pointerDifference(DirectPacket pointers, Value.Op ctx, String name) {
    Reg data = pointers.data(ctx.operand());
    Reg dataEnd = pointers.dataEnd(ctx.operand());
    Reg diff = b.copy(Reg.Kind.LONG, dataEnd, name);
    b.alu(AluOp.SUB, false, diff, data);
    Reg len = b.newReg(Reg.Kind.INT, name);
    b.add(new Mov(len, diff, true, b.line()));
    len.markZeroExtendedNonNegative();
    lengths.put(len, new PacketLength(data, dataEnd));
    return new Value.Op(len, Reg.Kind.INT);
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
   * A big-endian read of {@code size} bytes at {@code offset} of the packet: XDP reads go to the
   * packet directly ({@link #directRead}); skb reads by {@code LD_ABS}/{@code LD_IND} where the
   * program type allows them, else through {@code bpf_skb_load_bytes} (helper 26) into the scratch
   * slot. A read past the end fails the program (it returns the section's {@code onFault}, as the
   * API says).
   */
  private Value packetRead(Value.Op ctx, Value.Op offset, int size, boolean xdp) {
    if (xdp) {
      return directRead(ctx, offset.operand(), size);
    }
    if (directSkbReads()
        && (DirectPacket.constantOffset(offset.operand(), size)
            || offset.operand() instanceof Reg)) {
      return directSkbRead(ctx, offset, size);
    }
    Reg v = skbRead(ctx, offset, size);
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }

  /**
   * Whether skb packet reads may go through {@code __sk_buff}'s {@code data} and {@code data_end}:
   * the verifier lets tc programs ({@code sched_cls}, which tcx sections load as) read them; socket
   * filters never, and cgroup_skb only when the loader is bpf_capable, which an unprivileged load
   * of that type is not, so it keeps the helper.
   */
  private boolean directSkbReads() {
    String section = context.currentSection();
    return section != null && ProgramSections.compiledProgramType(section) == ProgramType.SCHED_CLS;
  }

  /**
   * A tc read at a constant or computed offset, translated with two arms: straight from the linear
   * part of the skb after a bounds check against {@code data_end} (shared with the reads and writes
   * around it, {@link DirectPacket}), and, where that check fails, the way that reaches every byte
   * ({@code LD_ABS} or {@code bpf_skb_load_bytes}, which also read beyond the linear part of a
   * large or fragmented frame and fail a read past the end). The check is recorded: the optimizer
   * keeps the direct arm only where a dominating check (a {@code linearLength()} test) proves it,
   * and the slow way alone elsewhere. Both arms leave the bytes in network order in one register,
   * swapped once where they meet, so a compare with a constant can still swap the constant instead.
   */
  private Value directSkbRead(Value.Op ctx, Value.Op offset, int size) {
    Reg raw = b.newReg(Reg.Kind.INT, "pkt");
    int writes = 1;
    Reg computed = offset.operand() instanceof Reg r ? r : null;
    int at = computed == null ? (int) ((Imm) offset.operand()).value() : 0;
    if (computed == null && skbPacket.covers(ctx.operand(), at, size)) {
      DirectPacket.Address a = skbPacket.atOr(ctx.operand(), at, size, null);
      b.load(raw, a.base(), a.offset(), size, false);
    } else {
      Block slow = b.function().newBlock();
      b.function().markCold(slow);
      DirectPacket.Address a =
          computed == null
              ? skbPacket.readAtOr(ctx.operand(), at, size, slow)
              : skbPacket.readAtOr(ctx.operand(), computed, size, slow);
      b.load(raw, a.base(), a.offset(), size, false);
      Block done = b.function().newBlock();
      b.jump(done);
      b.switchTo(slow);
      Reg host = skbRead(ctx, offset, size);
      b.add(new Mov(raw, host, false, b.line()));
      if (size > 1) {
        b.add(new ByteSwap(raw, size * 8, b.line()));
      }
      writes = size > 1 ? 3 : 2;
      b.jump(done);
      b.switchTo(done);
    }
    Reg v = size > 1 ? swapped.swap(raw, size * 8, "pkt", writes) : raw;
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }

  /**
   * {@code loadBytes} in tc at a constant offset: copied from the linear part in the widest pieces
   * whose stack writes stay aligned, with 0 as the result the helper gives on success; when the
   * bytes are not all linear, a cold path calls {@code bpf_skb_load_bytes} as before. As for {@link
   * #directSkbRead}, the optimizer keeps the copy only where a dominating check proves it.
   */
  private Value directSkbLoadBytes(Value.Op ctx, Operand offset, Value.Array dst) {
    int at = (int) ((Imm) offset).value();
    int n = dst.length();
    Reg result = b.newReg(Reg.Kind.INT, "loaded");
    Block slow = null;
    DirectPacket.Address a;
    if (skbPacket.covers(ctx.operand(), at, n)) {
      a = skbPacket.atOr(ctx.operand(), at, n, null);
    } else {
      slow = b.function().newBlock();
      b.function().markCold(slow);
      a = skbPacket.readAtOr(ctx.operand(), at, n, slow);
    }
    Operand to = dst.address().operand();
    int base = to instanceof FrameAddr f ? f.offset() : 0;
    for (int k = 0; k < n; ) {
      int piece = 8;
      while (piece > 1 && (k + piece > n || (base + k) % piece != 0)) {
        piece /= 2;
      }
      Reg t = b.newReg(piece == 8 ? Reg.Kind.LONG : Reg.Kind.INT, "bytes");
      b.load(t, a.base(), a.offset() + k, piece, false);
      if (to instanceof FrameAddr f) {
        b.store(new FrameAddr(f.slot(), f.offset() + k), 0, piece, t);
      } else {
        b.store(to, k, piece, t);
      }
      k += piece;
    }
    b.mov(result, new Imm(0));
    if (slow != null) {
      Block done = b.function().newBlock();
      b.jump(done);
      b.switchTo(slow);
      Reg r =
          b.call(
              Helper.SKB_LOAD_BYTES.id(),
              null,
              List.of(ctx.operand(), offset, to, new Imm(n)),
              List.of(true, false, true, true),
              Reg.Kind.INT);
      b.mov(result, r);
      b.jump(done);
      b.switchTo(done);
    }
    return new Value.Op(result, Reg.Kind.INT);
  }

  /**
   * An skb read the way that reaches every byte: by {@code LD_ABS}/{@code LD_IND} where the program
   * allows them, else through {@code bpf_skb_load_bytes}; the value in host order.
   */
  private Reg skbRead(Value.Op ctx, Value.Op offset, int size) {
    if (packetLoadInstructions && !(offset.operand() instanceof Imm i && i.value() < 0)) {
      return classicRead(ctx, offset, size);
    }
    FrameSlot slot = scratch.atLeast(8);
    Reg r =
        b.call(
            Helper.SKB_LOAD_BYTES.id(),
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
    return v;
  }

  /**
   * A read by {@code LD_ABS} (constant offset) or {@code LD_IND} (register offset), with the
   * context in r6. The kernel reads a negative offset relative to the network or link-layer header
   * (the classic SKF_NET_OFF / SKF_LL_OFF areas) where Java must fail, so a register offset not
   * known to be non-negative is checked first.
   */
  private Reg classicRead(Value.Op ctx, Value.Op offset, int size) {
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
    return v;
  }

  /**
   * An XDP read by direct packet access, after the bounds check the verifier wants (shared with
   * earlier reads and writes in the same straight-line code, see {@link DirectPacket}).
   */
  private Value directRead(Value.Op ctx, Operand offset, int size) {
    DirectPacket.Address at = packet.at(ctx.operand(), offset, size);
    Reg raw = b.newReg(Reg.Kind.INT, "pkt");
    b.load(raw, at.base(), at.offset(), size, false);
    Reg v = size > 1 ? swapped.swap(raw, size * 8, "pkt") : raw;
    if (size < 4) {
      v.markZeroExtendedNonNegative();
    }
    return new Value.Op(v, Reg.Kind.INT);
  }
}
