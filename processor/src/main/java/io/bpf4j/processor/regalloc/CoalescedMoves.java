package io.bpf4j.processor.regalloc;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.opt.Optimizer;
import java.util.Map;

/**
 * After register allocation, drops the moves whose source and destination got the same register,
 * then threads the jumps through blocks that became empty, so no {@code goto +0} is emitted. Part
 * of allocation: {@link RegisterAllocator#allocate} ends with it.
 */
final class CoalescedMoves {
  private CoalescedMoves() {}

  static void remove(Function f, Map<Reg, Register> assignment) {
    for (Block b : f.blocks()) {
      b.insns()
          .removeIf(
              i ->
                  i instanceof Mov m
                      && m.src() instanceof Reg s
                      && !m.truncates()
                      && register(m.dst(), assignment) == register(s, assignment));
    }
    Optimizer.threadJumps(f);
    Optimizer.removeUnreachable(f);
  }

  private static Register register(Reg r, Map<Reg, Register> assignment) {
    return r.isFixed() ? r.fixed() : assignment.get(r);
  }
}
