package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.List;

/**
 * What changes a packet: stores ({@code XdpMd} by direct packet access; {@code SkBuff} directly
 * when the bytes are in the linear area, else through {@code bpf_skb_store_bytes}), head, tail and
 * metadata adjustments, and the skb checksum helpers. Every helper here changes the packet's data,
 * so the packet pointers and bounds checks made before it are dead after it ({@link DirectPacket}
 * and the optimizer's PacketChecks both end their facts at a call).
 */
final class PacketWrites {
  private final IrBuilder b;
  private final ScratchSlot scratch;
  private final DirectPacket packet;
  private final ClassContext context;
  private final SwappedValues swapped;

  /** tc's direct packet access: {@code __sk_buff}'s {@code data} and {@code data_end}. */
  private final DirectPacket skbPacket;

  PacketWrites(
      IrBuilder b,
      ScratchSlot scratch,
      DirectPacket packet,
      DirectPacket skbPacket,
      ClassContext context,
      SwappedValues swapped) {
    this.b = b;
    this.swapped = swapped;
    this.skbPacket = skbPacket;
    this.scratch = scratch;
    this.packet = packet;
    this.context = context;
  }

  /** The value of {@code XdpMd}/{@code SkBuff} method {@code name}, or null when not a write. */
  Value call(boolean xdp, String name, Value.Op ctx, List<Value> args, Intrinsics.Materializer m) {
    switch (name) {
      case "storeByte", "storeHalf", "storeWord" -> {
        int size = name.equals("storeByte") ? 1 : name.equals("storeHalf") ? 2 : 4;
        Operand offset = m.op(args.get(0)).operand();
        Operand value = networkOrder(m.op(args.get(1)).operand(), size);
        if (xdp) {
          DirectPacket.Address at = packet.at(ctx.operand(), offset, size);
          b.store(at.base(), at.offset(), size, value);
        } else {
          requireWritableSkb(name);
          Block slow = direct(offset, size) ? coldBlock() : null;
          Block done = null;
          if (slow != null) {
            DirectPacket.Address at =
                skbPacket.atOr(ctx.operand(), directOffset(offset), size, slow);
            b.store(at.base(), at.offset(), size, value);
            done = b.function().newBlock(); // after the direct write, which falls through to it
            b.jump(done);
            b.switchTo(slow);
          }
          FrameSlot slot = scratch.atLeast(8);
          b.store(new FrameAddr(slot, 0), 0, size, value);
          skbStoreBytes(ctx, offset, new FrameAddr(slot, 0), size);
          if (done != null) {
            b.jump(done);
            b.switchTo(done);
          }
        }
        return void_();
      }
      case "storeBytes" -> {
        Value.Array src = byteArray(name, args.get(1));
        Operand offset = m.op(args.get(0)).operand();
        if (xdp) {
          copyIntoPacket(packet.at(ctx.operand(), offset, src.length()), src);
        } else {
          requireWritableSkb(name);
          Block slow = direct(offset, src.length()) ? coldBlock() : null;
          Block done = null;
          if (slow != null) {
            copyIntoPacket(
                skbPacket.atOr(ctx.operand(), directOffset(offset), src.length(), slow), src);
            done = b.function().newBlock();
            b.jump(done);
            b.switchTo(slow);
          }
          skbStoreBytes(ctx, offset, src.address().operand(), src.length());
          if (done != null) {
            b.jump(done);
            b.switchTo(done);
          }
        }
        return void_();
      }
      case "adjustHead", "adjustTail", "adjustMeta" -> {
        Helper helper =
            switch (name) {
              case "adjustHead" -> Helper.XDP_ADJUST_HEAD;
              case "adjustTail" -> Helper.XDP_ADJUST_TAIL;
              default -> Helper.XDP_ADJUST_META;
            };
        return helper(helper, ctx, m.op(args.get(0)));
      }
      case "l3CsumReplace", "l4CsumReplace" -> {
        requireWritableSkb(name);
        return csumReplace(name, ctx, args, m);
      }
      case "changeTail", "changeHead" -> {
        requireWritableSkb(name);
        Helper helper = name.equals("changeTail") ? Helper.SKB_CHANGE_TAIL : Helper.SKB_CHANGE_HEAD;
        return helper(helper, ctx, m.op(args.get(0)), m.op(args.get(1)));
      }
      case "adjustRoom" -> {
        requireWritableSkb(name);
        return helper(
            Helper.SKB_ADJUST_ROOM, ctx, m.op(args.get(0)), m.op(args.get(1)), m.op(args.get(2)));
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * {@code bpf_l3_csum_replace} / {@code bpf_l4_csum_replace}: {@code from} and {@code to} are the
   * field's values as loadHalf/loadWord return them, and the kernel wants them as they lie in the
   * packet (network order read natively), so they are byte-swapped to the field's size, which must
   * therefore be a constant (0 passes {@code to} as a precomputed {@code csumDiff}).
   */
  private Value csumReplace(
      String name, Value.Op ctx, List<Value> args, Intrinsics.Materializer m) {
    boolean l3 = name.equals("l3CsumReplace");
    Operand sizeOrFlags = m.op(args.get(3)).operand();
    if (!(sizeOrFlags instanceof Imm imm)) {
      throw new CompileError(b.line(), Messages.csumFieldSize(name));
    }
    // BPF_F_HDR_FIELD_MASK: the low 4 bits of l4's flags are the field's size.
    int size = (int) (l3 ? imm.value() : imm.value() & 0xf);
    if (size != 0 && size != 2 && size != 4) {
      throw new CompileError(b.line(), Messages.csumFieldSize(name));
    }
    Operand from = m.op(args.get(1)).operand();
    Operand to = m.op(args.get(2)).operand();
    if (size != 0) {
      from = networkOrder(from, size);
      to = networkOrder(to, size);
    }
    return helper(
        l3 ? Helper.L3_CSUM_REPLACE : Helper.L4_CSUM_REPLACE,
        ctx,
        m.op(args.get(0)),
        new Value.Op(from, Reg.Kind.INT),
        new Value.Op(to, Reg.Kind.INT),
        new Value.Op(sizeOrFlags, Reg.Kind.INT));
  }

  /**
   * Whether an skb write of {@code size} bytes at {@code offset} goes straight to the packet when
   * its bytes are in the linear area (as a tc program's headers nearly always are): a constant
   * offset a store instruction can carry. The helper stays as the way that always works.
   */
  private static boolean direct(Operand offset, int size) {
    return DirectPacket.constantOffset(offset, size);
  }

  private Block coldBlock() {
    Block slow = b.function().newBlock();
    b.function().markCold(slow);
    return slow;
  }

  private static int directOffset(Operand offset) {
    return (int) ((Imm) offset).value();
  }

  /** {@code bpf_skb_store_bytes(skb, offset, src, size, 0)}; a failure fails the program. */
  private void skbStoreBytes(Value.Op ctx, Operand offset, Operand src, int size) {
    Reg r =
        b.call(
            Helper.SKB_STORE_BYTES.id(),
            null,
            List.of(ctx.operand(), offset, src, new Imm(size), new Imm(0)),
            List.of(true, false, true, true, true),
            Reg.Kind.LONG);
    b.exitZeroIf(Cond.NE, true, r, new Imm(0));
  }

  /**
   * Copies a byte array into checked packet memory in the widest pieces whose stack reads stay
   * aligned (the verifier insists on aligned stack access).
   */
  private void copyIntoPacket(DirectPacket.Address at, Value.Array src) {
    Operand from = src.address().operand();
    int base = from instanceof FrameAddr f ? f.offset() : 0;
    for (int k = 0; k < src.length(); ) {
      int piece = 8;
      while (piece > 1 && (k + piece > src.length() || (base + k) % piece != 0)) {
        piece /= 2;
      }
      Reg t = b.newReg(piece == 8 ? Reg.Kind.LONG : Reg.Kind.INT, "bytes");
      if (from instanceof FrameAddr f) {
        b.load(t, new FrameAddr(f.slot(), f.offset() + k), 0, piece, false);
      } else {
        b.load(t, from, k, piece, false);
      }
      b.store(at.base(), at.offset() + k, piece, t);
      k += piece;
    }
  }

  /**
   * {@code value} as a native store of {@code size} bytes must see it to put it big-endian in the
   * packet: constants are swapped now, a value that is itself a swap is its original, other
   * registers get a byte-swap instruction.
   */
  private Operand networkOrder(Operand value, int size) {
    if (size == 1) {
      return value instanceof Imm i ? new Imm((byte) i.value() & 0xff) : value;
    }
    if (value instanceof Imm i) {
      int x = (int) i.value();
      return new Imm(
          size == 2 ? Short.toUnsignedInt(Short.reverseBytes((short) x)) : Integer.reverseBytes(x));
    }
    return swapped.swapBack(b.inReg(value, Reg.Kind.INT, "v"), size * 8, "be");
  }

  /** The socket filter and cgroup_skb program types see the packet read-only. */
  private void requireWritableSkb(String method) {
    String section = context.currentSection();
    ProgramType type = section == null ? null : ProgramSections.compiledProgramType(section);
    if (type != null && type != ProgramType.SCHED_CLS) {
      throw new CompileError(b.line(), Messages.packetReadOnly(method, section));
    }
  }

  private Value.Array byteArray(String method, Value v) {
    if (v instanceof Value.Array a && a.elementSize() == 1 && a.length() > 0) {
      return a;
    }
    throw new CompileError(
        b.line(),
        method
            + " needs a non-empty byte[] of constant length: a local (byte[] buf = new"
            + " byte[16]) or a byte[] field of a @Struct");
  }

  /**
   * Calls {@code helper} with the context and {@code args}: int arguments are moved as 32 bits
   * (zero-extended, as the helpers' u32/u64 parameters want them), longs whole.
   */
  private Value helper(Helper helper, Value.Op ctx, Value.Op... args) {
    List<Value.Op> all = new java.util.ArrayList<>(List.of(ctx));
    all.addAll(List.of(args));
    Reg r =
        b.call(helper.id(), null, Intrinsics.operands(all), Intrinsics.widths(all), Reg.Kind.INT);
    return new Value.Op(r, Reg.Kind.INT);
  }

  private static Value void_() {
    return new Value.Op(new Imm(0), Reg.Kind.INT);
  }
}
