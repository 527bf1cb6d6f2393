package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.List;

/**
 * Direct packet access: the {@code data} and {@code data_end} pointers of {@code struct xdp_md}
 * (or, for tc, of {@code struct __sk_buff}, whose checks go to a slower way that reaches bytes
 * beyond the linear part instead of failing) and the bounds check the verifier wants before a load
 * or store through them. Reads and writes in the same straight-line code share the pointers and a
 * check that already covers them; a call (a helper may move or resize the packet: {@code
 * bpf_xdp_adjust_head}, ...) ends both, so code after it loads the pointers again and offsets count
 * from the packet's new start.
 */
final class DirectPacket {
  /** Where an access goes: {@code base + offset}, already checked to lie inside the packet. */
  record Address(Reg base, int offset) {}

  /**
   * Packet pointers loaded in {@code block}, and how far a bounds check has covered; {@code check}
   * is the {@code limit += end} of that check (null when none was made here).
   */
  private record View(Reg data, Reg dataEnd, int checked, Block block, int calls, Check check) {}

  /** The add of a constant-offset bounds check, in {@code block}. */
  private record Check(Block block, Alu add) {}

  private final IrBuilder b;
  private final int dataOffset;
  private final int dataEndOffset;
  private View view;

  /** The branch the last {@link #atOr(Operand, int, int, Block)} made, if it made one. */
  private Branch lastCheck;

  /** XDP: {@code struct xdp_md}'s {@code data} and {@code data_end} at 0 and 4. */
  DirectPacket(IrBuilder b) {
    this(b, ContextType.XDP_MD.packetDataOffset(), ContextType.XDP_MD.packetDataEndOffset());
  }

  /** The pointers at {@code dataOffset} and {@code dataEndOffset} of the context. */
  DirectPacket(IrBuilder b, int dataOffset, int dataEndOffset) {
    this.b = b;
    this.dataOffset = dataOffset;
    this.dataEndOffset = dataEndOffset;
  }

  /** {@code data}: the pointers already loaded in this straight-line code, or loaded now. */
  Reg data(Operand ctx) {
    return pointers(ctx).data();
  }

  /** {@code data_end}, as {@link #data}. */
  Reg dataEnd(Operand ctx) {
    return pointers(ctx).dataEnd();
  }

  private View pointers(Operand ctx) {
    if (view == null || view.block() != b.block() || view.calls() != callsIn(b.block())) {
      Reg data = b.newReg(Reg.Kind.REF, "data");
      Reg dataEnd = b.newReg(Reg.Kind.REF, "data_end");
      b.load(data, ctx, dataOffset, 4, false);
      b.load(dataEnd, ctx, dataEndOffset, 4, false);
      view = new View(data, dataEnd, 0, b.block(), callsIn(b.block()), null);
    }
    return view;
  }

  /**
   * The checked address of {@code size} bytes at {@code offset}: at a constant offset {@code data +
   * offset + size} is compared with {@code data_end}; at a computed one, as C does it, the offset
   * is zero-extended, bounded by the largest packet (so the verifier can follow the pointer), added
   * to {@code data}, and the end compared. A negative int offset becomes a huge unsigned one and
   * fails the bound, as an access before the packet must. A failed check fails the program.
   */
  Address at(Operand ctx, Operand offset, int size) {
    if (offset instanceof Imm off && off.value() >= 0 && off.value() + size <= Short.MAX_VALUE) {
      int end = (int) off.value() + size;
      View v = pointers(ctx);
      if (end > v.checked() && v.check() != null && nothingObservableIn(b.block())) {
        // Only loads since the last check: checking the larger end there fails the same runs
        // (nothing they did is seen), with one check instead of two.
        List<Insn> insns = v.check().block().insns();
        Alu old = v.check().add();
        Alu widened = new Alu(AluOp.ADD, false, old.dst(), new Imm(end), old.line());
        insns.set(insns.indexOf(old), widened);
        view =
            new View(
                v.data(),
                v.dataEnd(),
                end,
                v.block(),
                v.calls(),
                new Check(v.check().block(), widened));
      } else if (end > v.checked()) {
        Reg limit = b.copy(Reg.Kind.REF, v.data(), "limit");
        b.alu(AluOp.ADD, false, limit, new Imm(end));
        Block checkBlock = b.block();
        Alu add = (Alu) checkBlock.insns().get(checkBlock.insns().size() - 1);
        b.exitZeroIf(Cond.UGT, true, limit, v.dataEnd());
        view =
            new View(
                v.data(),
                v.dataEnd(),
                end,
                b.block(),
                callsIn(b.block()),
                new Check(checkBlock, add));
      }
      return new Address(view.data(), (int) off.value());
    }
    // Beyond a load instruction's signed 16-bit offset, negative or computed: checked as a
    // computed offset, whose bound fails it as the kernel would.
    Reg reg = offset instanceof Reg r ? r : b.copy(Reg.Kind.INT, offset, "off");
    Reg wide = b.newReg(Reg.Kind.LONG, "off");
    b.add(Mov.zeroExtend(wide, reg, b.line()));
    // The verifier marks a checked packet pointer usable only when its variable part plus the
    // access stays within 0xffff; no linear XDP buffer comes close.
    b.exitZeroIf(Cond.UGT, true, wide, new Imm(0xfff0));
    View v = pointers(ctx);
    Reg at = b.copy(Reg.Kind.REF, v.data(), "at");
    b.alu(AluOp.ADD, false, at, wide);
    Reg limit = b.copy(Reg.Kind.REF, at, "limit");
    b.alu(AluOp.ADD, false, limit, new Imm(size));
    b.exitZeroIf(Cond.UGT, true, limit, v.dataEnd());
    return new Address(at, 0);
  }

  /**
   * The address of {@code size} bytes at constant {@code offset} (0 to 32767 minus size), going to
   * {@code otherwise} instead when they are not all in the packet's directly accessible part (an
   * skb's linear area): for a write that has a slower way that always works.
   */
  Address atOr(Operand ctx, int offset, int size, Block otherwise) {
    View v = pointers(ctx);
    int end = offset + size;
    if (end > v.checked()) {
      Reg limit = b.copy(Reg.Kind.REF, v.data(), "limit");
      b.alu(AluOp.ADD, false, limit, new Imm(end));
      Block cont = b.function().newBlock();
      b.branch(Cond.UGT, true, limit, v.dataEnd(), otherwise, cont);
      lastCheck = (Branch) b.block().terminator();
      b.switchTo(cont);
      view = new View(v.data(), v.dataEnd(), end, cont, 0, null);
    }
    return new Address(view.data(), offset);
  }

  /**
   * As {@link #atOr(Operand, int, int, Block)} for a read whose {@code otherwise} reads the same
   * bytes: its check is recorded ({@link io.bpf4j.processor.ir.Function#markDirectArmCheck}) so
   * that the optimizer keeps only the slow way where no dominating check proves the bytes there.
   */
  Address readAtOr(Operand ctx, int offset, int size, Block otherwise) {
    lastCheck = null;
    Address a = atOr(ctx, offset, size, otherwise);
    if (lastCheck != null) {
      b.function().markDirectArmCheck(lastCheck, lastCheck.ifFalse());
    }
    return a;
  }

  /**
   * As {@link #readAtOr(Operand, int, int, Block)} at a computed {@code offset}, checked as {@link
   * #at} checks one (zero-extended, bounded by the largest packet, added to {@code data}, the end
   * compared) with both tests going to {@code otherwise}. Only the end test is recorded: the bound
   * stays a test of its own, which the value ranges decide where the offset is known to be small.
   */
  Address readAtOr(Operand ctx, Reg offset, int size, Block otherwise) {
    Reg wide = b.newReg(Reg.Kind.LONG, "off");
    b.add(Mov.zeroExtend(wide, offset, b.line()));
    Block bounded = b.function().newBlock();
    b.branch(Cond.UGT, true, wide, new Imm(0xfff0), otherwise, bounded);
    b.switchTo(bounded);
    View v = pointers(ctx);
    Reg at = b.copy(Reg.Kind.REF, v.data(), "at");
    b.alu(AluOp.ADD, false, at, wide);
    Reg limit = b.copy(Reg.Kind.REF, at, "limit");
    b.alu(AluOp.ADD, false, limit, new Imm(size));
    Block inside = b.function().newBlock();
    b.branch(Cond.UGT, true, limit, v.dataEnd(), otherwise, inside);
    b.function().markDirectArmCheck((Branch) b.block().terminator(), inside);
    b.switchTo(inside);
    return new Address(at, 0);
  }

  /**
   * Whether {@code size} bytes at constant {@code offset} are already checked in this straight-line
   * code (by an earlier read or write), so an access needs neither a check nor a slower way.
   */
  boolean covers(Operand ctx, int offset, int size) {
    return offset + size <= pointers(ctx).checked();
  }

  /**
   * Whether an access of {@code size} bytes at {@code offset} can name its offset as a constant.
   */
  static boolean constantOffset(Operand offset, int size) {
    return offset instanceof Imm i && i.value() >= 0 && i.value() + size <= Short.MAX_VALUE;
  }

  /** Whether {@code block} holds nothing a failure after it could reveal: only loads and moves. */
  private static boolean nothingObservableIn(Block block) {
    for (Insn i : block.insns()) {
      if (i instanceof Store
          || i instanceof Call
          || i instanceof InlineSite
          || i instanceof AtomicOp
          || i instanceof PacketLoad) {
        return false;
      }
    }
    return true;
  }

  private static int callsIn(Block block) {
    int n = 0;
    for (Insn i : block.insns()) {
      if (i instanceof Call || i instanceof InlineSite) {
        n++;
      }
    }
    return n;
  }
}
