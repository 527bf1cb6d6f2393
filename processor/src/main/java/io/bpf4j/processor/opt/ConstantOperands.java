package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.Map;

/**
 * Constants that value ranges prove: a register whose range is a single value is that constant
 * wherever it is read, and an operation whose result is a single value is a move of it. Unlike the
 * optimizer's single-definition constant propagation, this sees through Java locals assigned
 * several times ({@code off = 14; ... off += 20; ... off + 8}), since the ranges follow each
 * definition along the control flow. Replacing a register by the immediate it holds only tells the
 * verifier more, so no check it needs can be lost.
 */
final class ConstantOperands {
  private ConstantOperands() {}

  /**
   * An ALU operation whose result the ranges fix, as a move of that constant; {@code x += y} (or
   * {@code |=}, {@code ^=}) on an {@code x} known to be 0, as a move of {@code y}; otherwise {@code
   * i}. Register moves stay: a copy costs nothing once the allocator coalesces it, and a constant
   * written in its place would.
   */
  static Insn folded(Insn i, Map<Reg, Range> state) {
    if (i instanceof ByteSwap s) {
      // {@code htons(K)}: the swapped constant, zero-extended as the swap leaves it.
      Range v = RangeTransfer.get(state, s.dst());
      if (!v.isConstant()) {
        return i;
      }
      long swapped = Long.reverseBytes(v.lo()) >>> (64 - s.bits());
      boolean is64 = s.dst().is64();
      Imm k = immediate(swapped, is64);
      return k == null ? i : new Mov(s.dst(), k, is64, i.line());
    }
    if (!(i instanceof Alu a)) {
      return i;
    }
    boolean is64 = a.dst().is64();
    Range r = RangeTransfer.result(i, state);
    if (r != null && r.isConstant()) {
      Imm k = immediate(r.lo(), is64);
      return k == null ? i : new Mov(a.dst(), k, is64, i.line());
    }
    Range dst = RangeTransfer.get(state, a.dst());
    boolean identity = a.op() == AluOp.ADD || a.op() == AluOp.OR || a.op() == AluOp.XOR;
    if (identity && a.src() instanceof Reg src && dst.isConstant() && dst.lo() == 0) {
      return new Mov(a.dst(), src, is64, i.line());
    }
    return i;
  }

  /**
   * Replaces the registers {@code i} reads that hold a known constant by that constant where the
   * instruction can take an immediate there (an ALU source, a branch's right side, a stored value),
   * and a branch's constant left side by swapping its sides; returns whether it replaced any.
   */
  static boolean substitute(Insn i, Map<Reg, Range> state) {
    if (i instanceof Branch b
        && b.a() instanceof Reg a
        && b.b() instanceof Reg r
        && a != r
        && constant(r, b.is64(), state) == null) {
      Imm left = constant(a, b.is64(), state);
      if (left != null) {
        // {@code if K < x}: the constant goes to the right, where a jump takes an immediate.
        b.mapUses(o -> o == a ? left : o);
        b.normalize();
        return true;
      }
    }
    Operand replacement = null;
    if (i instanceof Alu a && a.src() instanceof Reg r && r != a.dst()) {
      replacement = constant(r, a.dst().is64(), state);
    } else if (i instanceof Branch b && b.b() instanceof Reg r && r != b.a()) {
      replacement = constant(r, b.is64(), state);
    } else if (i instanceof Store s && s.src() instanceof Reg r && r != s.base()) {
      replacement = constant(r, s.size() == 8, state);
    }
    if (replacement == null) {
      return false;
    }
    Operand old = i instanceof Alu a ? a.src() : i instanceof Branch b ? b.b() : ((Store) i).src();
    Operand imm = replacement;
    i.mapUses(o -> o == old ? imm : o);
    return true;
  }

  private static Imm constant(Reg r, boolean is64, Map<Reg, Range> state) {
    Range v = RangeTransfer.get(state, r);
    return v.isConstant() ? immediate(v.lo(), is64) : null;
  }

  /**
   * The immediate that stands for {@code value}: a 32-bit use reads only the low half, a 64-bit one
   * sign-extends the instruction's 32-bit immediate, so only values that survive it qualify.
   */
  private static Imm immediate(long value, boolean is64) {
    if (!is64) {
      return new Imm((int) value);
    }
    return value == (int) value ? new Imm(value) : null;
  }
}
