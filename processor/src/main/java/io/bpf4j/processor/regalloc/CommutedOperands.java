package io.bpf4j.processor.regalloc;

import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.BitSet;
import java.util.List;

/**
 * Before coloring: turns {@code t = a; t op= b} into {@code t = b; t op= a} for a commutative
 * {@code op} when {@code b} dies there and {@code a} lives on (a packet pointer plus a variable
 * offset, the pointer read again later). Only a value that dies can share its register with {@code
 * t}, so the copy of {@code b} is the one coloring can remove; the copy of {@code a} never was. The
 * verifier accepts {@code scalar += pointer} as it does {@code pointer += scalar}.
 */
final class CommutedOperands {
  private CommutedOperands() {}

  static void run(Function f) {
    Liveness liveness = new Liveness(f);
    for (Block b : f.blocks()) {
      BitSet live = liveness.liveOut(b);
      List<Insn> insns = b.insns();
      for (int k = insns.size() - 1; k >= 1; k--) {
        if (insns.get(k) instanceof Alu alu
            && insns.get(k - 1) instanceof Mov mov
            && commutes(mov, alu, live)) {
          Reg kept = (Reg) mov.src();
          Reg dying = (Reg) alu.src();
          mov.mapUses(o -> o == kept ? dying : o);
          alu.mapUses(o -> o == dying ? kept : o);
        }
        Liveness.step(insns.get(k), live);
      }
      if (!insns.isEmpty()) {
        Liveness.step(insns.get(0), live);
      }
    }
  }

  /**
   * Whether {@code mov; alu} is {@code t = a; t op= b} with {@code b} dead after it ({@code live})
   * and {@code a} not, of one width (a 32-bit copy before a 64-bit operation truncates only {@code
   * a}, so the operands cannot trade places there).
   */
  private static boolean commutes(Mov mov, Alu alu, BitSet live) {
    Reg t = alu.dst();
    return alu.op().commutative()
        && !alu.signed()
        && mov.dst() == t
        && !t.isFixed()
        && mov.src() instanceof Reg a
        && alu.src() instanceof Reg b
        && a != b
        && a != t
        && b != t
        && !a.isFixed()
        && !b.isFixed()
        && (!t.is64() || (mov.is64() && !mov.truncates()))
        && live.get(a.id())
        && !live.get(b.id());
  }
}
