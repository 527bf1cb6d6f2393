package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves arithmetic at the start of a join into the arms that jump to it when each arm gives its
 * operands constants: {@code off = 256 | off = 20; then d = 0 - off} becomes {@code d = -256 | d =
 * -20}, once value ranges fold each arm's copy. The arms must all jump to the join unconditionally,
 * and every moved instruction must read only registers that are a single constant at the end of
 * each arm ({@link PathConstants}) or that an earlier moved instruction wrote.
 */
final class ConstantArms {
  /** At most this many instructions move. */
  private static final int MAX_MOVED = 4;

  private ConstantArms() {}

  static void run(Function f) {
    Map<Block, List<Block>> preds = Definitions.predecessors(f);
    PathConstants constants = null;
    for (Block join : f.blocks()) {
      List<Block> arms = preds.getOrDefault(join, List.of());
      if (join == f.entry() || arms.size() < 2 || !allJump(arms, join)) {
        continue;
      }
      if (constants == null) {
        constants = PathConstants.solve(f);
      }
      int n = movable(join, arms, constants);
      if (n == 0) {
        continue;
      }
      List<Insn> moved = new ArrayList<>(join.insns().subList(0, n));
      join.insns().subList(0, n).clear();
      for (Block arm : arms) {
        List<Insn> insns = arm.insns();
        for (Insn i : moved) {
          insns.add(insns.size() - 1, i.copy());
        }
      }
    }
  }

  private static boolean allJump(List<Block> arms, Block join) {
    for (Block arm : arms) {
      if (arm == join
          || arm.insns().isEmpty()
          || !(arm.terminator() instanceof Jump j)
          || j.target() != join) {
        return false;
      }
    }
    return true;
  }

  /** How many of the join's first instructions fold to constants in every arm. */
  private static int movable(Block join, List<Block> arms, PathConstants constants) {
    Set<Reg> written = new HashSet<>();
    int n = 0;
    for (Insn i : join.insns()) {
      if (n == MAX_MOVED || !pure(i)) {
        break;
      }
      boolean known = true;
      for (Reg u : i.uses()) {
        if (written.contains(u)) {
          continue;
        }
        for (Block arm : arms) {
          long[] v = constants.onEdge(arm, join, u);
          known &= v != null && v.length == 1;
        }
      }
      if (!known) {
        break;
      }
      written.addAll(i.defs());
      n++;
    }
    // Only worth it when the last moved value is computed, not just copied or set.
    return n > 0 && join.insns().get(n - 1) instanceof Alu ? n : 0;
  }

  /** Arithmetic and copies into virtual registers: nothing but their defs changes. */
  private static boolean pure(Insn i) {
    if (i instanceof Mov m) {
      return !m.dst().isFixed() && (m.src() instanceof Reg || m.src() instanceof Imm);
    }
    return i instanceof Alu a
        && !a.dst().isFixed()
        && a.op() != AluOp.DIV
        && a.op() != AluOp.MOD
        && (a.src() instanceof Reg || a.src() instanceof Imm);
  }
}
