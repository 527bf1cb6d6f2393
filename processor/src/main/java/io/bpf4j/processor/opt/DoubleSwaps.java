package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte swap of a byte-swapped copy: {@code t = x; t = be16 t; ... v = t; v = be16 v} is {@code v
 * = x; v &= 0xffff} (for 32 bits just {@code v = x}, a 32-bit move zero-extending as the swap
 * does). It appears where a packet read keeps only its slow way (LD_ABS gives host order, turned to
 * network order where the two arms met, and back to host order for Java). The first swap dies when
 * nothing else reads {@code t}; the mask too when {@code x} is an LD_ABS result no wider than it
 * and {@code v} is only compared (as clang compares {@code load_half}'s result directly).
 */
final class DoubleSwaps {
  private DoubleSwaps() {}

  static void run(Function f) {
    Map<Reg, List<Insn>> uses = new HashMap<>();
    Map<Reg, Integer> defs = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg u : i.uses()) {
          uses.computeIfAbsent(u, k -> new ArrayList<>()).add(i);
        }
        for (Reg d : i.defs()) {
          defs.merge(d, 1, Integer::sum);
        }
      }
    }
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int n = 1; n < insns.size(); n++) {
        if (insns.get(n) instanceof ByteSwap second
            && insns.get(n - 1) instanceof Mov copy
            && copy.dst() == second.dst()
            && !copy.is64()
            && copy.src() instanceof Reg t
            && t != second.dst()) {
          Reg x = unswapped(insns, n - 2, t, second.bits());
          if (x != null && x != second.dst()) {
            insns.set(n - 1, new Mov(copy.dst(), x, false, copy.line()));
            insns.set(
                n,
                new Alu(
                    AluOp.AND, false, second.dst(), new Imm(mask(second.bits())), second.line()));
            if (second.bits() == 32
                || (fromPacketLoad(insns, n - 1, x, second.bits())
                    && onlyComparedWithConstants(second, uses, defs))) {
              insns.remove(n);
            }
          }
        }
      }
    }
  }

  /**
   * Whether {@code x} is, at {@code before}, the result of an LD_ABS / LD_IND of at most {@code
   * bits} bits, copied out of r0 right after it: a value the load zero-extended, which a mask to
   * {@code bits} leaves as it is. (The verifier does not know that bound, so the mask stays where
   * the value goes on to anything but a compare.)
   */
  private static boolean fromPacketLoad(List<Insn> insns, int before, Reg x, int bits) {
    for (int k = before - 1; k >= 1; k--) {
      Insn i = insns.get(k);
      if (!i.defs().contains(x)) {
        continue;
      }
      return i instanceof Mov m
          && m.src() instanceof Reg r0
          && r0.isFixed()
          && insns.get(k - 1) instanceof PacketLoad p
          && p.size() * 8 <= bits
          && p.defs().get(0) == r0;
    }
    return false;
  }

  /**
   * Whether the register {@code swap} writes, written by its copy and the swap only, is read
   * (besides by the swap) only by compares with constants.
   */
  private static boolean onlyComparedWithConstants(
      ByteSwap swap, Map<Reg, List<Insn>> uses, Map<Reg, Integer> defs) {
    Reg v = swap.dst();
    if (defs.getOrDefault(v, 0) != 2 || v.isFixed()) {
      return false;
    }
    for (Insn u : uses.getOrDefault(v, List.of())) {
      if (u != swap && !(u instanceof Branch br && br.a() == v && br.b() instanceof Imm)) {
        return false;
      }
    }
    return true;
  }

  private static long mask(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  /**
   * The register {@code t} was a 32-bit copy of right before its last write at or before {@code
   * from}, a {@code bits}-bit swap, when that register is unchanged since; else null.
   */
  private static Reg unswapped(List<Insn> insns, int from, Reg t, int bits) {
    for (int k = from; k >= 1; k--) {
      Insn i = insns.get(k);
      if (!i.defs().contains(t)) {
        continue;
      }
      if (!(i instanceof ByteSwap first)
          || first.bits() != bits
          || bits == 64
          || !(insns.get(k - 1) instanceof Mov m)
          || m.dst() != t
          || m.is64()
          || !(m.src() instanceof Reg x)
          || x == t
          || x.isFixed()) {
        return null;
      }
      for (int j = k; j <= from; j++) {
        if (insns.get(j).defs().contains(x)) {
          return null;
        }
      }
      return x;
    }
    return null;
  }
}
