package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import java.util.List;

/**
 * Merges two additions of constants to one register ({@code at += 14; at += 4} into {@code at +=
 * 18}) when nothing between them reads or writes it: what a pointer to a header field and then the
 * bytes of a check past it leave, once their offsets are known.
 */
final class ConstantAdds {
  private ConstantAdds() {}

  static void run(Function f) {
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        if (!(insns.get(k) instanceof Alu first) || !isConstantAdd(first)) {
          continue;
        }
        for (int n = k + 1; n < insns.size(); n++) {
          Insn i = insns.get(n);
          if (i instanceof Alu second && isConstantAdd(second) && second.dst() == first.dst()) {
            Alu merged = merged(first, second);
            if (merged != null) {
              insns.set(k, merged);
              insns.remove(n);
              k--; // the merged add may take the next one too
            }
            break;
          }
          if (i.uses().contains(first.dst()) || i.defs().contains(first.dst())) {
            break;
          }
        }
      }
    }
  }

  private static boolean isConstantAdd(Alu a) {
    return a.op() == AluOp.ADD && a.src() instanceof Imm && !a.dst().isFixed();
  }

  /** One addition of both constants, or null when a 64-bit sum leaves the immediate's range. */
  private static Alu merged(Alu first, Alu second) {
    long sum = ((Imm) first.src()).value() + ((Imm) second.src()).value();
    if (first.dst().is64() && sum != (int) sum) {
      return null;
    }
    long imm = first.dst().is64() ? sum : (int) sum;
    return new Alu(AluOp.ADD, false, first.dst(), new Imm(imm), first.line());
  }
}
