package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a constant added to a pointer into the offset of the accesses through it: {@code t = p; t
 * += 14; r = *(u16 *)(t + 0)} becomes {@code r = *(u16 *)(p + 14)}, and the copy dies. The verifier
 * gives {@code p + 14} the bounds {@code p} was checked for, so the access is allowed exactly where
 * it was; a context pointer may even only be read this way (the verifier refuses a read through a
 * modified context pointer). Block-local: {@code t} holds {@code p + K} from its copy to the next
 * write of {@code t} or {@code p}.
 */
final class AddressOffsets {
  private AddressOffsets() {}

  /** {@code base + offset}. */
  private record Sum(Reg base, long offset) {}

  static void run(Function f) {
    for (Block b : f.blocks()) {
      fold(b.insns());
    }
  }

  private static void fold(List<Insn> insns) {
    Map<Reg, Sum> sums = new HashMap<>();
    for (int k = 0; k < insns.size(); k++) {
      Insn i = insns.get(k);
      Insn folded = folded(i, sums);
      if (folded != i) {
        insns.set(k, folded);
      }
      Sum next = null;
      // Fixed registers are left alone: a call clobbers them without naming them as defs.
      if (i instanceof Mov m
          && m.is64()
          && m.src() instanceof Reg s
          && m.dst() != s
          && !s.isFixed()
          && !m.dst().isFixed()) {
        next = new Sum(s, 0);
      } else if (i instanceof Alu a
          && a.op() == AluOp.ADD
          && a.dst().is64()
          && a.src() instanceof Imm c
          && sums.get(a.dst()) != null) {
        Sum held = sums.get(a.dst());
        next = new Sum(held.base(), held.offset() + c.value());
      }
      for (Reg d : i.defs()) {
        sums.remove(d);
        sums.values().removeIf(x -> x.base() == d);
      }
      if (next != null) {
        sums.put(i.defs().get(0), next);
      }
    }
  }

  /** {@code i} with its base {@code t = p + K} replaced by {@code p}, K added to its offset. */
  private static Insn folded(Insn i, Map<Reg, Sum> sums) {
    if (i instanceof Load l && l.core() == null && l.base() instanceof Reg t) {
      Sum s = sums.get(t);
      return s == null || !fits(l.offset() + s.offset())
          ? i
          : new Load(
              l.dst(), s.base(), (int) (l.offset() + s.offset()), l.size(), l.signed(), l.line());
    }
    if (i instanceof Store st && st.base() instanceof Reg t) {
      Sum s = sums.get(t);
      return s == null || !fits(st.offset() + s.offset())
          ? i
          : new Store(s.base(), (int) (st.offset() + s.offset()), st.size(), st.src(), st.line());
    }
    if (i instanceof AtomicOp op && op.base() instanceof Reg t) {
      Sum s = sums.get(t);
      return s == null || !fits(op.offset() + s.offset())
          ? i
          : new AtomicOp(
              op.atomicOp(),
              s.base(),
              (int) (op.offset() + s.offset()),
              op.size(),
              op.src(),
              op.line());
    }
    return i;
  }

  /** Whether an instruction's signed 16-bit offset field holds {@code offset}. */
  private static boolean fits(long offset) {
    return offset >= Short.MIN_VALUE && offset <= Short.MAX_VALUE;
  }
}
