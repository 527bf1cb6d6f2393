package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.regalloc.Liveness;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each {@code new} of a {@code @Struct} owns one stack slot, which it zeroes every time it runs. In
 * Java each run creates a fresh object, so code that keeps the object of an earlier run (in a loop:
 * {@code prev = c;} before the next {@code c = new Cell()}) would see it change under it. That is
 * refused on the {@code new}'s line: it happens exactly when a register that may hold the slot's
 * address is live where the slot is zeroed again.
 */
final class NewSites {
  /** A {@code new}: its slot, the first instruction that zeroes it, and its line. */
  record Site(FrameSlot slot, Insn zeroing, int line) {}

  private NewSites() {}

  static void check(Function f, List<Site> sites) {
    if (sites.isEmpty()) {
      return;
    }
    Map<FrameSlot, Set<Reg>> holders = holders(f);
    Liveness liveness = new Liveness(f);
    for (Block b : f.blocks()) {
      BitSet live = liveness.liveOut(b);
      List<Insn> insns = b.insns();
      for (int k = insns.size() - 1; k >= 0; k--) {
        Insn i = insns.get(k);
        Liveness.step(i, live);
        for (Site s : sites) {
          if (s.zeroing() != i) {
            continue;
          }
          for (Reg r : holders.getOrDefault(s.slot(), Set.of())) {
            if (live.get(r.id())) {
              throw new CompileError(s.line(), io.bpf4j.processor.diag.Messages.newStillInUse());
            }
          }
        }
      }
    }
  }

  /** For each slot, the registers that may hold its address (through any chain of moves). */
  private static Map<FrameSlot, Set<Reg>> holders(Function f) {
    Map<Reg, Set<FrameSlot>> pointsTo = new HashMap<>();
    List<Mov> copies = new ArrayList<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i instanceof Mov m && m.src() instanceof FrameAddr a) {
          pointsTo.computeIfAbsent(m.dst(), k -> new HashSet<>()).add(a.slot());
        } else if (i instanceof Mov m && m.src() instanceof Reg) {
          copies.add(m);
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Mov m : copies) {
        Set<FrameSlot> from = pointsTo.get((Reg) m.src());
        if (from != null && pointsTo.computeIfAbsent(m.dst(), k -> new HashSet<>()).addAll(from)) {
          changed = true;
        }
      }
    }
    Map<FrameSlot, Set<Reg>> out = new HashMap<>();
    pointsTo.forEach(
        (r, slots) -> slots.forEach(s -> out.computeIfAbsent(s, k -> new HashSet<>()).add(r)));
    return out;
  }
}
