package io.bpf4j.processor.lower;

import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.NewSite;
import io.bpf4j.processor.ir.Reg;
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
public final class NewSites {

  private NewSites() {}

  /** Checks the {@code new}s that translation recorded in {@code f} ({@link Function#newSites}). */
  public static void check(Function f) {
    List<NewSite> sites = f.newSites();
    if (sites.isEmpty()) {
      return;
    }
    Map<Insn, NewSite> byInsn = new HashMap<>();
    sites.forEach(site -> byInsn.put(site.zeroing(), site));
    Map<Block, Map<Reg, Set<FrameSlot>>> in = pointsTo(f);
    Liveness liveness = new Liveness(f);
    for (Block b : f.blocks()) {
      Map<Reg, Set<FrameSlot>> state = copy(in.getOrDefault(b, Map.of()));
      List<Insn> insns = b.insns();
      // Live registers before each instruction, from the block's end backwards.
      List<BitSet> liveBefore = new ArrayList<>();
      BitSet live = liveness.liveOut(b);
      for (int k = insns.size() - 1; k >= 0; k--) {
        Liveness.step(insns.get(k), live);
        liveBefore.add(0, (BitSet) live.clone());
      }
      for (int k = 0; k < insns.size(); k++) {
        Insn i = insns.get(k);
        NewSite site = byInsn.get(i);
        if (site != null) {
          for (Map.Entry<Reg, Set<FrameSlot>> e : state.entrySet()) {
            if (e.getValue().contains(site.slot()) && liveBefore.get(k).get(e.getKey().id())) {
              throw new CompileError(site.line(), io.bpf4j.processor.diag.Messages.newStillInUse());
            }
          }
        }
        step(i, state);
      }
    }
  }

  /**
   * Which stack slots each register may point to on entry to each block: a forward dataflow over
   * copies of slot addresses (fixed registers, which carry call arguments and results one value
   * after another, are not followed; an object cannot come back from a call).
   */
  private static Map<Block, Map<Reg, Set<FrameSlot>>> pointsTo(Function f) {
    Map<Block, Map<Reg, Set<FrameSlot>>> in = new HashMap<>();
    in.put(f.entry(), new HashMap<>());
    java.util.Deque<Block> work = new java.util.ArrayDeque<>(List.of(f.entry()));
    while (!work.isEmpty()) {
      Block b = work.pop();
      Map<Reg, Set<FrameSlot>> state = copy(in.get(b));
      for (Insn i : b.insns()) {
        step(i, state);
      }
      for (Block s : b.successors()) {
        Map<Reg, Set<FrameSlot>> old = in.get(s);
        Map<Reg, Set<FrameSlot>> joined = old == null ? new HashMap<>() : copy(old);
        boolean changed = old == null;
        for (Map.Entry<Reg, Set<FrameSlot>> e : state.entrySet()) {
          changed |= joined.computeIfAbsent(e.getKey(), k -> new HashSet<>()).addAll(e.getValue());
        }
        if (changed) {
          in.put(s, joined);
          work.add(s);
        }
      }
    }
    return in;
  }

  private static void step(Insn i, Map<Reg, Set<FrameSlot>> state) {
    Set<FrameSlot> value = null;
    if (i instanceof Mov m && m.src() instanceof FrameAddr a) {
      value = Set.of(a.slot());
    } else if (i instanceof Mov m && m.src() instanceof Reg src && !src.isFixed()) {
      value = state.get(src);
    }
    for (Reg d : i.defs()) {
      state.remove(d);
    }
    if (value != null && !value.isEmpty() && i instanceof Mov m && !m.dst().isFixed()) {
      state.put(m.dst(), new HashSet<>(value));
    }
  }

  private static Map<Reg, Set<FrameSlot>> copy(Map<Reg, Set<FrameSlot>> m) {
    Map<Reg, Set<FrameSlot>> out = new HashMap<>();
    m.forEach((r, slots) -> out.put(r, new HashSet<>(slots)));
    return out;
  }
}
