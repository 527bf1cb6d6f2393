package io.bpf4j.processor.regalloc;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.opt.Optimizer;
import java.util.List;
import java.util.Map;

/**
 * After register allocation, drops the moves whose source and destination got the same register (a
 * zero-extending one too when the instruction before it already zero-extended the register), then
 * threads the jumps through blocks that became empty, so no {@code goto +0} is emitted. Part of
 * allocation: {@link RegisterAllocator#allocate} ends with it.
 */
final class CoalescedMoves {
  private CoalescedMoves() {}

  static void remove(Function f, Map<Reg, Register> assignment) {
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = insns.size() - 1; k >= 0; k--) {
        if (insns.get(k) instanceof Mov m
            && m.src() instanceof Reg s
            && register(m.dst(), assignment) == register(s, assignment)
            && (!m.truncates()
                || (k > 0
                    && writesZeroExtended(
                        insns.get(k - 1), register(s, assignment), assignment)))) {
          insns.remove(k);
        }
      }
    }
    Optimizer.threadJumps(f);
    Optimizer.removeUnreachable(f);
  }

  /**
   * Whether {@code insn} writes {@code reg} with an operation that clears its upper half, as BPF's
   * 32-bit ALU and move instructions and its unsigned loads of up to 4 bytes do (and the verifier
   * knows): a {@code wX = wX} right after it changes nothing, for the CPU or the verifier.
   */
  private static boolean writesZeroExtended(
      Insn insn, Register reg, Map<Reg, Register> assignment) {
    if (insn instanceof Alu a) {
      return !a.dst().is64() && register(a.dst(), assignment) == reg;
    }
    if (insn instanceof Mov m) {
      return !m.is64() && register(m.dst(), assignment) == reg;
    }
    if (insn instanceof Load l) {
      return !l.signed() && l.size() <= 4 && register(l.dst(), assignment) == reg;
    }
    return false;
  }

  private static Register register(Reg r, Map<Reg, Register> assignment) {
    return r.isFixed() ? r.fixed() : assignment.get(r);
  }
}
