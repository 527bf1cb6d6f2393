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
 * bytes of a check past it leave, once their offsets are known. Two masks ({@code x &= 0xffff; x &=
 * 0x3fff}: a 16-bit read's own width, then the program's), two ors and two xors merge the same way.
 */
final class ConstantAdds {
  private ConstantAdds() {}

  static void run(Function f) {
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        if (!(insns.get(k) instanceof Alu first) || !isConstantStep(first)) {
          continue;
        }
        for (int n = k + 1; n < insns.size(); n++) {
          Insn i = insns.get(n);
          if (i instanceof Alu second
              && isConstantStep(second)
              && second.dst() == first.dst()
              && second.op() == first.op()) {
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

  private static boolean isConstantStep(Alu a) {
    return (a.op() == AluOp.ADD || a.op() == AluOp.AND || a.op() == AluOp.OR || a.op() == AluOp.XOR)
        && a.src() instanceof Imm
        && !a.dst().isFixed();
  }

  /**
   * One operation with both constants, or null when a 64-bit sum leaves the immediate's range (the
   * bitwise ones of two sign-extended immediates stay one).
   */
  private static Alu merged(Alu first, Alu second) {
    long a = ((Imm) first.src()).value();
    long b = ((Imm) second.src()).value();
    long sum =
        switch (first.op()) {
          case AND -> a & b;
          case OR -> a | b;
          case XOR -> a ^ b;
          default -> a + b;
        };
    if (first.dst().is64() && sum != (int) sum) {
      return null;
    }
    long imm = first.dst().is64() ? sum : (int) sum;
    return new Alu(first.op(), false, first.dst(), new Imm(imm), first.line());
  }
}
