package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte swap of a byte-swapped value gives the value back: {@code Bpf.ntohs(xdp.loadShort(off))},
 * where the load already delivers host order, swaps twice. The second swap becomes a copy of the
 * unswapped value cut to the swap's width (a mask the value ranges drop when the value is a load of
 * that width). Block-local, through the copies between the two swaps.
 */
final class SwapPairs {
  private SwapPairs() {}

  /**
   * A register whose low {@code bits} bits are {@code be<bits>(source)}, or equal {@code source}'s.
   */
  private record Known(Reg source, int bits, boolean swapped) {}

  static void run(Function f) {
    for (Block b : f.blocks()) {
      Map<Reg, Known> known = new HashMap<>();
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        Insn i = insns.get(k);
        Known next = null;
        if (i instanceof ByteSwap s) {
          Known before = known.get(s.dst());
          if (before != null && before.swapped() && before.bits() == s.bits()) {
            List<Insn> unswap = unswapped(s.dst(), before.source(), s.bits(), s.line());
            insns.remove(k);
            insns.addAll(k, unswap);
            k += unswap.size() - 1;
            forget(known, s.dst());
            continue;
          }
          if (before != null && !before.swapped() && before.bits() >= s.bits()) {
            next = new Known(before.source(), s.bits(), true);
          }
        } else if (i instanceof Mov m && m.src() instanceof Reg src) {
          Known of = known.get(src);
          // A 32-bit move keeps the low 32 bits, all a swap of up to 32 bits reads or writes.
          int kept = m.is64() ? 64 : 32;
          if (of != null && of.swapped()) {
            next = of.bits() <= kept ? of : null;
          } else if (of != null) {
            next = new Known(of.source(), Math.min(of.bits(), kept), false);
          } else if (!src.isFixed() && src != m.dst()) {
            next = new Known(src, kept, false);
          }
        }
        for (Reg d : i.defs()) {
          forget(known, d);
        }
        if (next != null && !i.defs().get(0).isFixed()) {
          known.put(i.defs().get(0), next);
        }
      }
    }
  }

  private static void forget(Map<Reg, Known> known, Reg d) {
    known.remove(d);
    known.values().removeIf(v -> v.source() == d);
  }

  /** {@code dst = source} cut to {@code bits} bits, zero-extended as a swap leaves it. */
  private static List<Insn> unswapped(Reg dst, Reg source, int bits, int line) {
    if (bits == 64) {
      return List.of(new Mov(dst, source, true, line));
    }
    if (bits == 32) {
      return List.of(Mov.zeroExtend(dst, source, line));
    }
    // The mask defines the whole register, so a plain copy is enough before it; the ranges drop
    // the mask when the value is a load of that width, which also defines the whole register.
    return List.of(
        new Mov(dst, source, false, line),
        new Alu(AluOp.AND, false, dst, new Imm((1L << bits) - 1), line));
  }
}
