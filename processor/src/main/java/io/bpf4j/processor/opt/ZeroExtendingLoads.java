package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a sign-extending byte or short load whose value is only ever masked to its own width or
 * less ({@code (b & 0xff)} of a Java {@code byte}) into the zero-extending load: the masked bits
 * are the same either way, and value ranges then see the mask as redundant and drop it.
 */
final class ZeroExtendingLoads {
  private ZeroExtendingLoads() {}

  static void run(Function f) {
    Map<Reg, Integer> defCount = new HashMap<>();
    Map<Reg, List<Use>> usesOf = new HashMap<>();
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        Insn i = insns.get(k);
        for (Reg d : i.defs()) {
          defCount.merge(d, 1, Integer::sum);
        }
        for (Reg u : i.uses()) {
          usesOf.computeIfAbsent(u, r -> new ArrayList<>()).add(new Use(insns, k));
        }
      }
    }
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        if (insns.get(k) instanceof Load l
            && l.signed()
            && l.size() < 4
            && !l.dst().isFixed()
            && defCount.get(l.dst()) == 1
            && onlyMasked(usesOf.getOrDefault(l.dst(), List.of()), l.dst(), l.size())) {
          Load unsigned = new Load(l.dst(), l.base(), l.offset(), l.size(), false, l.line());
          if (l.core() != null) {
            unsigned.relocatedBy(l.core());
          }
          insns.set(k, unsigned);
        }
      }
    }
  }

  /** A read: the instruction at {@code index} of a block's {@code insns}. */
  private record Use(List<Insn> insns, int index) {}

  /** Whether every read of {@code v} is a copy that the next instruction masks to {@code size}. */
  private static boolean onlyMasked(List<Use> uses, Reg v, int size) {
    long width = (1L << (8 * size)) - 1;
    for (Use use : uses) {
      List<Insn> insns = use.insns();
      int k = use.index();
      if (!(insns.get(k) instanceof Mov m)
          || m.src() != v
          || k + 1 >= insns.size()
          || !(insns.get(k + 1) instanceof Alu a)
          || a.op() != AluOp.AND
          || a.dst() != m.dst()
          || !(a.src() instanceof Imm mask)
          || (mask.value() & ~width) != 0) {
        return false;
      }
    }
    return !uses.isEmpty();
  }
}
