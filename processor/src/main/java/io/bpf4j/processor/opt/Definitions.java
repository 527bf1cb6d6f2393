package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Facts about where registers are written and how blocks are reached, shared by the passes. */
final class Definitions {
  private Definitions() {}

  /**
   * Each register written by exactly one instruction, to that instruction: its value is the same
   * wherever it is read after it, so a pass may look through it.
   */
  static Map<Reg, Insn> single(Function f) {
    Map<Reg, Integer> count = new HashMap<>();
    Map<Reg, Insn> single = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg d : i.defs()) {
          count.merge(d, 1, Integer::sum);
          single.put(d, i);
        }
      }
    }
    single.keySet().removeIf(r -> count.get(r) != 1);
    return single;
  }

  /** Each block's predecessors, each once, in layout order. */
  static Map<Block, List<Block>> predecessors(Function f) {
    Map<Block, List<Block>> preds = new HashMap<>();
    for (Block p : f.blocks()) {
      for (Block s : p.successors()) {
        List<Block> ps = preds.computeIfAbsent(s, k -> new ArrayList<>());
        if (!ps.contains(p)) {
          ps.add(p);
        }
      }
    }
    return preds;
  }

  /**
   * Whether a jump leads back to the entry (a loop head): code placed at the entry would then run
   * more than once, and facts at the entry would need a join with the loop's.
   */
  static boolean entryIsLoopHead(Function f) {
    Block entry = f.entry();
    for (Block b : f.blocks()) {
      if (b.successors().contains(entry)) {
        return true;
      }
    }
    return false;
  }
}
