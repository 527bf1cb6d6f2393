package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;

/**
 * XDP direct packet access: the {@code data} and {@code data_end} pointers of {@code struct xdp_md}
 * and the bounds check the verifier wants before a load or store through them. Reads and writes in
 * the same straight-line code share the pointers and a check that already covers them; a call (a
 * helper may move or resize the packet: {@code bpf_xdp_adjust_head}, ...) ends both, so code after
 * it loads the pointers again and offsets count from the packet's new start.
 */
final class DirectPacket {
  /** Where an access goes: {@code base + offset}, already checked to lie inside the packet. */
  record Address(Reg base, int offset) {}

  /** Packet pointers loaded in {@code block}, and how far a bounds check has covered. */
  private record View(Reg data, Reg dataEnd, int checked, Block block, int calls) {}

  private final IrBuilder b;
  private View view;

  DirectPacket(IrBuilder b) {
    this.b = b;
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
      b.load(data, ctx, 0, 4, false);
      b.load(dataEnd, ctx, 4, 4, false);
      view = new View(data, dataEnd, 0, b.block(), callsIn(b.block()));
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
      if (end > v.checked()) {
        Reg limit = b.copy(Reg.Kind.REF, v.data(), "limit");
        b.alu(AluOp.ADD, false, limit, new Imm(end));
        b.exitZeroIf(Cond.UGT, true, limit, v.dataEnd());
        view = new View(v.data(), v.dataEnd(), end, b.block(), callsIn(b.block()));
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
