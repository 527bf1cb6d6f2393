package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Java's unsigned int comparison idiom, {@code (a ^ Integer.MIN_VALUE) < (b ^ Integer.MIN_VALUE)},
 * as one unsigned jump {@code if a < b}: flipping the sign bit of both sides maps unsigned order
 * onto signed order. The flipped copies, read by nothing else, then die.
 */
final class UnsignedCompares {
  private static final long SIGN_BIT = Integer.MIN_VALUE;

  private UnsignedCompares() {}

  static void run(Function f) {
    Map<Reg, Integer> reads = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg u : i.uses()) {
          reads.merge(u, 1, Integer::sum);
        }
      }
    }
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      if (insns.isEmpty() || !(insns.get(insns.size() - 1) instanceof Branch br) || br.is64()) {
        continue;
      }
      Cond unsigned = unsignedOf(br.cond());
      if (unsigned == null) {
        continue;
      }
      Operand a = unflipped(insns, br.a(), reads);
      Operand c = br.b() instanceof Imm k ? new Imm((int) (k.value() ^ SIGN_BIT)) : null;
      Operand bOp = c != null ? c : unflipped(insns, br.b(), reads);
      if (a instanceof Reg ra && bOp != null) {
        insns.set(
            insns.size() - 1,
            new Branch(unsigned, false, ra, bOp, br.ifTrue(), br.ifFalse(), br.line()));
      }
    }
  }

  private static Cond unsignedOf(Cond c) {
    return switch (c) {
      case SLT -> Cond.ULT;
      case SLE -> Cond.ULE;
      case SGT -> Cond.UGT;
      case SGE -> Cond.UGE;
      default -> null;
    };
  }

  /**
   * The register {@code x} holds with its sign bit flipped, when the block computes {@code x = y; x
   * ^= MIN_VALUE} (32-bit), {@code x} is read only by the branch and by that xor, and {@code y} is
   * not written after the copy; otherwise null.
   */
  private static Operand unflipped(List<Insn> insns, Operand x, Map<Reg, Integer> reads) {
    if (!(x instanceof Reg t) || t.isFixed() || t.is64() || reads.getOrDefault(t, 0) != 2) {
      return null;
    }
    int n = insns.size() - 1;
    for (int k = n - 1; k >= 1; k--) {
      Insn i = insns.get(k);
      if (!i.defs().contains(t)) {
        continue;
      }
      if (!(i instanceof Alu xor)
          || xor.op() != AluOp.XOR
          || !(xor.src() instanceof Imm m)
          || (int) m.value() != Integer.MIN_VALUE
          || !(insns.get(k - 1) instanceof Mov copy)
          || copy.dst() != t
          || !(copy.src() instanceof Reg y)
          || y.isFixed()
          || y.is64()) {
        return null;
      }
      for (int j = k; j < n; j++) {
        if (insns.get(j).defs().contains(y)) {
          return null;
        }
      }
      return y;
    }
    return null;
  }
}
