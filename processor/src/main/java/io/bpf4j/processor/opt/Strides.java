package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Induction variables that move in fixed strides: a register whose every write is a constant, an
 * addition or subtraction of a constant, or a copy of itself ({@code for (i = 0; i < 64; i += 2)})
 * holds values congruent to its start modulo the strides' greatest common divisor. Only
 * power-of-two moduli are kept: 32-bit wrap-around (modulo 2^32) then keeps the congruence too. A
 * range of such a register rounds inward to that class: {@code i < 64} with {@code i} even means
 * {@code i <= 62}, so {@code i + 1 < 64} holds and its bounds check goes.
 */
final class Strides {
  /** Values {@code ≡ residue (mod modulus)}. */
  record Stride(long modulus, long residue) {
    /**
     * {@code r} narrowed to values of this class, or {@code r} when it has none or is unbounded.
     */
    Range round(Range r) {
      long limit = 1L << 62;
      if (r.lo() < -limit || r.hi() > limit) {
        return r;
      }
      long lo = r.lo() + Math.floorMod(residue - r.lo(), modulus);
      long hi = r.hi() - Math.floorMod(r.hi() - residue, modulus);
      return lo <= hi ? new Range(lo, hi) : r;
    }
  }

  private Strides() {}

  /** The stride of every register of {@code f} that has one (modulus at least 2). */
  static Map<Reg, Stride> of(Function f) {
    Map<Reg, Long> start = new HashMap<>();
    Map<Reg, Long> gcd = new HashMap<>();
    Set<Reg> other = new HashSet<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg d : i.defs()) {
          if (d.isFixed() || other.contains(d)) {
            continue;
          }
          if (i instanceof Mov m && m.src() instanceof Imm c) {
            Long s = start.putIfAbsent(d, c.value());
            if (s != null) {
              gcd.merge(d, Math.abs(c.value() - s), Strides::gcd);
            }
          } else if (i instanceof Alu a
              && (a.op() == AluOp.ADD || a.op() == AluOp.SUB)
              && a.src() instanceof Imm step) {
            gcd.merge(d, Math.abs(step.value()), Strides::gcd);
          } else if (!(i instanceof Mov m && m.src() == d)) {
            // (A copy of itself, zero-extending or not, keeps the class: 2^32 is a multiple.)
            other.add(d);
          }
        }
      }
    }
    Map<Reg, Stride> out = new HashMap<>();
    for (Map.Entry<Reg, Long> e : start.entrySet()) {
      Long g = gcd.get(e.getKey());
      if (other.contains(e.getKey()) || g == null) {
        continue;
      }
      long modulus = Long.lowestOneBit(g); // the largest power of two dividing every stride
      if (g == 0 || modulus < 2 || modulus > (1L << 31)) {
        continue;
      }
      out.put(e.getKey(), new Stride(modulus, Math.floorMod(e.getValue(), modulus)));
    }
    return out;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
