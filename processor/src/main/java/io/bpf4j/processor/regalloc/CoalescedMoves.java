package io.bpf4j.processor.regalloc;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.opt.Optimizer;
import java.util.Map;
import java.util.Set;

/**
 * After register allocation, drops the moves whose source and destination got the same register (a
 * zero-extending one too where the register's upper half is already zero, see {@link
 * ZeroUpperHalves}), then threads the jumps through blocks that became empty, so no {@code goto +0}
 * is emitted. Part of allocation: {@link RegisterAllocator#allocate} ends with it.
 */
final class CoalescedMoves {
  private CoalescedMoves() {}

  static void remove(Function f, Map<Reg, Register> assignment) {
    Set<Insn> zeroExtensions = ZeroUpperHalves.redundantZeroExtensions(f, assignment);
    for (Block b : f.blocks()) {
      b.insns()
          .removeIf(
              i ->
                  i instanceof Mov m
                      && m.src() instanceof Reg s
                      && register(m.dst(), assignment) == register(s, assignment)
                      && (!m.truncates() || zeroExtensions.contains(i)));
    }
    Optimizer.threadJumps(f);
    Optimizer.removeUnreachable(f);
  }

  private static Register register(Reg r, Map<Reg, Register> assignment) {
    return r.isFixed() ? r.fixed() : assignment.get(r);
  }
}
