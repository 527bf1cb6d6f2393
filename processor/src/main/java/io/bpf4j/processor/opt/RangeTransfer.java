package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Neg;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import java.util.Map;

/**
 * How each instruction changes what registers may contain ({@link Range}s of their 64-bit
 * contents), and what a branch outcome says about its register. A register absent from the map may
 * hold anything. Sound over-approximation is all that is needed: a range may be wider than the
 * truth, never narrower.
 */
final class RangeTransfer {
  private RangeTransfer() {}

  static Range get(Map<Reg, Range> state, Operand o) {
    if (o instanceof Imm i) {
      return Range.of(i.value());
    }
    if (o instanceof Reg r) {
      return state.getOrDefault(r, Range.ANY);
    }
    return Range.ANY;
  }

  /** Moves {@code state} from before {@code insn} to after it. */
  static void step(Insn insn, Map<Reg, Range> state) {
    Range result = result(insn, state);
    for (Reg d : insn.defs()) {
      state.remove(d);
    }
    if (result != null && !result.equals(Range.ANY)) {
      state.put(written(insn), result);
    }
  }

  private static Reg written(Insn insn) {
    if (insn instanceof PacketLoad p) {
      return p.defs().get(0);
    }
    return insn.defs().get(0);
  }

  /** The range of the register {@code insn} computes, or null when it computes none we know. */
  static Range result(Insn insn, Map<Reg, Range> state) {
    if (insn instanceof Mov m) {
      Range src = get(state, m.src());
      if (m.src() instanceof Imm i) {
        return m.is64() ? src : Range.of(i.value() & 0xffff_ffffL);
      }
      if (m.is64() || !(m.src() instanceof Reg)) {
        return m.src() instanceof Reg ? src : null;
      }
      // A 32-bit move between registers that end up equal is not emitted unless it truncates.
      if (src.within(Range.U32)) {
        return src;
      }
      return m.truncates() ? Range.U32 : src.hull(Range.U32);
    }
    if (insn instanceof Alu a) {
      return alu(a.op(), a.signed(), a.dst().is64(), get(state, a.dst()), get(state, a.src()));
    }
    if (insn instanceof Neg n) {
      Range v = get(state, n.dst());
      if (!n.dst().is64()) {
        return Range.U32;
      }
      return v.lo() == Long.MIN_VALUE ? null : new Range(-v.hi(), -v.lo());
    }
    if (insn instanceof Ext e) {
      Range src = get(state, e.src());
      if (e.dst().is64()) {
        Range asInt = src.asInt();
        return e.fromBits() == 32
            ? (asInt != null ? asInt : Range.INT)
            : Range.signed(e.fromBits());
      }
      Range low = src.within(Range.U32) ? src : Range.U32;
      return low.within(Range.signed(e.fromBits())) ? low : Range.U32;
    }
    if (insn instanceof ByteSwap s) {
      return Range.unsigned(s.bits());
    }
    if (insn instanceof Load l) {
      if (l.dst().isZeroExtendedNonNegative() && !l.signed()) {
        // Context fields such as len, which the kernel keeps below 2^31.
        return new Range(0, Math.min(Integer.MAX_VALUE, Range.unsigned(8 * l.size()).hi()));
      }
      // Only narrower signed loads sign-extend (LDSX); a signed int is loaded by a plain LDX,
      // which zero-extends, so its i2l must stay.
      return l.signed() && l.size() < 4 ? Range.signed(8 * l.size()) : Range.unsigned(8 * l.size());
    }
    if (insn instanceof PacketLoad) {
      // LD_ABS / LD_IND: the value is at most 32 bits, but the verifier marks r0 unknown, and a
      // mask or bounds check dropped on the strength of the true range would be missing where
      // the verifier needs it (an array index computed from a packet byte).
      return null;
    }
    return null;
  }

  private static Range alu(AluOp op, boolean signed, boolean is64, Range a, Range b) {
    if (!is64) {
      // A 32-bit operation reads the low halves; zero-extended, they are the contents.
      // A constant's low half is known; any other range outside U32 may have any low half (the
      // low half of the range's lower end alone is not a bound).
      a = a.within(Range.U32) ? a : Range.U32;
      if (b.isConstant()) {
        b = Range.of(b.lo() & 0xffff_ffffL);
      } else if (!b.within(Range.U32)) {
        b = Range.U32;
      }
    }
    Range r = exact(op, signed, is64, a, b);
    if (is64) {
      return r;
    }
    if (r != null && r.isConstant()) {
      return Range.of(r.lo() & 0xffff_ffffL); // one value wraps to one value: 0 - 20
    }
    return r == null ? Range.U32 : r.wrap32();
  }

  /** The exact result's range without wrap-around, or null when unknown or it could overflow. */
  private static Range exact(AluOp op, boolean signed, boolean is64, Range a, Range b) {
    try {
      switch (op) {
        case ADD:
          return new Range(Math.addExact(a.lo(), b.lo()), Math.addExact(a.hi(), b.hi()));
        case SUB:
          return new Range(Math.subtractExact(a.lo(), b.hi()), Math.subtractExact(a.hi(), b.lo()));
        case MUL:
          if (a.nonNegative() && b.nonNegative()) {
            return new Range(
                Math.multiplyExact(a.lo(), b.lo()), Math.multiplyExact(a.hi(), b.hi()));
          }
          return null;
        case AND:
          if (a.nonNegative() && b.nonNegative()) {
            return new Range(0, Math.min(a.hi(), b.hi()));
          }
          if (a.nonNegative() || b.nonNegative()) {
            return new Range(0, a.nonNegative() ? a.hi() : b.hi());
          }
          return null;
        case OR:
        case XOR:
          if (a.nonNegative() && b.nonNegative()) {
            long top = Long.highestOneBit(Math.max(a.hi(), b.hi()));
            long all = top == 0 ? 0 : (top << 1) - 1;
            return new Range(op == AluOp.OR ? Math.max(a.lo(), b.lo()) : 0, all < 0 ? a.hi() : all);
          }
          return null;
        case LSH:
          if (b.isConstant() && a.nonNegative()) {
            int s = (int) (b.lo() & (is64 ? 63 : 31));
            if (a.hi() <= (Long.MAX_VALUE >> s)) {
              return new Range(a.lo() << s, a.hi() << s);
            }
          }
          return null;
        case RSH:
          if (b.isConstant() && a.nonNegative()) {
            int s = (int) (b.lo() & (is64 ? 63 : 31));
            return new Range(a.lo() >>> s, a.hi() >>> s);
          }
          return null;
        case DIV:
        case MOD:
          // The verifier tracks nothing of a quotient or remainder (it marks the register
          // unknown), so neither may the ranges: a mask or bounds check they dropped as redundant
          // would be missing where the verifier needs it (a packet offset, an array index).
          return null;
        default:
          return null;
      }
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  /**
   * What {@code a cond k} being {@code outcome} says about {@code a}'s contents {@code r}; {@code
   * r} itself when nothing.
   */
  static Range refine(Range r, Cond cond, long k, boolean is64, boolean outcome) {
    Cond c = outcome ? cond : cond.negate();
    boolean unsignedCond = c == Cond.ULT || c == Cond.ULE || c == Cond.UGT || c == Cond.UGE;
    Range view;
    if (is64) {
      view = unsignedCond && !r.nonNegative() ? null : r;
    } else if (!r.within(Range.U32)) {
      return r;
    } else {
      view = unsignedCond ? r : r.asInt();
      k = unsignedCond ? k & 0xffff_ffffL : (int) k;
    }
    if (view == null || (unsignedCond && k < 0)) {
      return r;
    }
    long lo = view.lo();
    long hi = view.hi();
    switch (c) {
      case EQ -> {
        lo = Math.max(lo, k);
        hi = Math.min(hi, k);
      }
      case NE -> {
        if (lo == k && lo < Long.MAX_VALUE) {
          lo++;
        } else if (hi == k && hi > Long.MIN_VALUE) {
          hi--;
        }
      }
      case SLT, ULT -> hi = k == Long.MIN_VALUE ? hi : Math.min(hi, k - 1);
      case SLE, ULE -> hi = Math.min(hi, k);
      case SGT, UGT -> lo = k == Long.MAX_VALUE ? lo : Math.max(lo, k + 1);
      case SGE, UGE -> lo = Math.max(lo, k);
    }
    if (lo > hi) {
      return r; // an edge never taken: nothing useful to say
    }
    Range refined = new Range(lo, hi);
    if (is64 || unsignedCond) {
      return refined;
    }
    // Back from the int view to zero-extended contents.
    if (refined.nonNegative()) {
      return refined;
    }
    if (refined.hi() < 0) {
      return new Range(refined.lo() + 0x1_0000_0000L, refined.hi() + 0x1_0000_0000L);
    }
    return r;
  }

  /** Whether {@code a cond k} is decided by {@code a}'s range: TRUE, FALSE, or null. */
  static Boolean decide(Range r, Cond cond, long k, boolean is64) {
    boolean unsignedCond =
        cond == Cond.ULT || cond == Cond.ULE || cond == Cond.UGT || cond == Cond.UGE;
    Range view;
    if (is64) {
      view = unsignedCond ? (r.nonNegative() && k >= 0 ? r : null) : r;
    } else if (unsignedCond) {
      view = r.asUnsignedInt();
      k = k & 0xffff_ffffL;
    } else {
      view = r.asInt();
      k = (int) k;
    }
    if (view == null) {
      return null;
    }
    boolean always = true;
    boolean never = true;
    // The outcome is monotone in a for every condition but EQ/NE, so the ends decide it.
    if (cond == Cond.EQ || cond == Cond.NE) {
      boolean outside = k < view.lo() || k > view.hi();
      boolean single = view.isConstant() && view.lo() == k;
      if (!outside && !single) {
        return null;
      }
      boolean eq = single;
      return cond == Cond.EQ ? eq : !eq;
    }
    for (long v : new long[] {view.lo(), view.hi()}) {
      boolean t = cond.test(v, k, true);
      always &= t;
      never &= !t;
    }
    return always ? Boolean.TRUE : never ? Boolean.FALSE : null;
  }
}
