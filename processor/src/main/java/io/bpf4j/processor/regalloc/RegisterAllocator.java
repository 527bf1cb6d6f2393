package io.bpf4j.processor.regalloc;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assigns machine registers r0-r9 to virtual registers by coloring the interference graph, with
 * r0-r5 precolored where the calling convention fixes them. A call clobbers r0-r5, so a value live
 * across a call interferes with them and lands in r6-r9. Colors are biased towards the registers of
 * move partners so most moves disappear. When no color is left, the register is spilled to a stack
 * slot and allocation starts over.
 */
public final class RegisterAllocator {
  private static final int COLORS = 10;

  private RegisterAllocator() {}

  /**
   * Allocates registers for {@code f}, adding spill code as needed, and drops the moves that
   * allocation made redundant (see {@link CoalescedMoves}); returns the assignment.
   */
  public static Map<Reg, Register> allocate(Function f) {
    CommutedOperands.run(f);
    Set<Reg> unspillable = new HashSet<>();
    for (int attempt = 0; attempt < 1000; attempt++) {
      Attempt a = new Attempt(f);
      Reg failed = a.color();
      if (failed == null) {
        CoalescedMoves.remove(f, a.assignment);
        return a.assignment;
      }
      if (unspillable.contains(failed)) {
        // A spill temporary lives only around one instruction, yet ten other values are live
        // there: spill one of those instead, which frees a register at that instruction.
        failed = a.spillableNeighbour(failed, unspillable);
        if (failed == null) {
          throw new IllegalStateException("register allocation failed: too many live values");
        }
      }
      spill(f, failed, unspillable);
    }
    throw new IllegalStateException("register allocation did not converge");
  }

  /** One coloring attempt over the current IR. */
  private static final class Attempt {
    private final Function f;
    private final Map<Reg, BitSet> edges = new HashMap<>();
    private final Map<Reg, List<Reg>> partners = new HashMap<>();
    private final Map<Reg, Register> assignment = new LinkedHashMap<>();
    private final List<Reg> order = new ArrayList<>();

    Attempt(Function f) {
      this.f = f;
      build();
    }

    private void build() {
      Liveness liveness = new Liveness(f);
      Set<Reg> seen = new HashSet<>();
      for (Block b : f.blocks()) {
        for (Insn i : b.insns()) {
          for (Reg d : i.defs()) {
            if (!d.isFixed() && seen.add(d)) {
              order.add(d);
            }
          }
          if (i instanceof Mov m && m.src() instanceof Reg s) {
            partners.computeIfAbsent(m.dst(), k -> new ArrayList<>()).add(s);
            partners.computeIfAbsent(s, k -> new ArrayList<>()).add(m.dst());
          }
        }
      }
      for (Block b : f.blocks()) {
        BitSet live = liveness.liveOut(b);
        List<Insn> insns = b.insns();
        for (int k = insns.size() - 1; k >= 0; k--) {
          Insn i = insns.get(k);
          Reg moveSrc = i instanceof Mov m && m.src() instanceof Reg s ? s : null;
          boolean srcLive = moveSrc != null && live.get(moveSrc.id());
          if (moveSrc != null) {
            live.clear(moveSrc.id());
          }
          for (Reg d : i.defs()) {
            for (int l = live.nextSetBit(0); l >= 0; l = live.nextSetBit(l + 1)) {
              if (l != d.id()) {
                addEdge(d, f.regs().get(l));
              }
            }
          }
          if (srcLive) {
            live.set(moveSrc.id());
          }
          Liveness.step(i, live);
        }
      }
    }

    private void addEdge(Reg a, Reg b) {
      edges.computeIfAbsent(a, k -> new BitSet()).set(b.id());
      edges.computeIfAbsent(b, k -> new BitSet()).set(a.id());
    }

    /**
     * Colors every virtual register; returns the first that cannot be colored, or null. Values live
     * across calls go first: they compete for the four callee-saved registers.
     */
    Reg color() {
      List<Reg> sorted = new ArrayList<>(order);
      sorted.sort(java.util.Comparator.comparing(r -> !crossesCall(r)));
      for (Reg r : sorted) {
        BitSet taken = new BitSet();
        BitSet neighbours = edges.getOrDefault(r, new BitSet());
        for (int n = neighbours.nextSetBit(0); n >= 0; n = neighbours.nextSetBit(n + 1)) {
          Register c = colorOf(f.regs().get(n));
          if (c != null) {
            taken.set(c.number());
          }
        }
        Register chosen = null;
        for (Register c : movePreferences(r)) {
          if (!taken.get(c.number())) {
            chosen = c;
            break;
          }
        }
        if (chosen == null) {
          for (int c = 0; c < COLORS; c++) {
            if (!taken.get(c)) {
              chosen = Register.of(c);
              break;
            }
          }
        }
        if (chosen == null) {
          return r;
        }
        assignment.put(r, chosen);
      }
      return null;
    }

    /**
     * The registers already given to values that {@code r} is copied from or to, directly or
     * through a chain of copies of values not colored yet, nearest first: giving {@code r} the same
     * register makes the copies between them {@code rX = rX}, which {@link CoalescedMoves} drops. A
     * chain reaches further than the next copy, so that a load, a swap and the copy into a value
     * kept across a call all land in the register of that value (and a value computed for a helper
     * argument in that argument's register).
     */
    private List<Register> movePreferences(Reg r) {
      List<Register> out = new ArrayList<>();
      Set<Reg> seen = new HashSet<>(List.of(r));
      List<Reg> frontier = List.of(r);
      for (int depth = 0; depth < 4 && !frontier.isEmpty(); depth++) {
        List<Reg> next = new ArrayList<>();
        for (Reg f : frontier) {
          for (Reg p : partners.getOrDefault(f, List.of())) {
            if (!seen.add(p)) {
              continue;
            }
            Register c = colorOf(p);
            if (c != null) {
              out.add(c);
            } else {
              next.add(p);
            }
          }
        }
        frontier = next;
      }
      return out;
    }

    /**
     * The spillable register interfering with {@code r} that interferes with the most others (the
     * one whose spill relieves the most pressure), or null when there is none.
     */
    Reg spillableNeighbour(Reg r, Set<Reg> unspillable) {
      Reg best = null;
      int bestDegree = -1;
      BitSet neighbours = edges.getOrDefault(r, new BitSet());
      for (int n = neighbours.nextSetBit(0); n >= 0; n = neighbours.nextSetBit(n + 1)) {
        Reg candidate = f.regs().get(n);
        if (candidate.isFixed() || unspillable.contains(candidate)) {
          continue;
        }
        int degree = edges.getOrDefault(candidate, new BitSet()).cardinality();
        if (degree > bestDegree) {
          best = candidate;
          bestDegree = degree;
        }
      }
      return best;
    }

    private boolean crossesCall(Reg r) {
      BitSet n = edges.getOrDefault(r, new BitSet());
      return n.get(f.fixed(Register.R1).id()) && n.get(f.fixed(Register.R5).id());
    }

    private Register colorOf(Reg r) {
      return r.isFixed() ? r.fixed() : assignment.get(r);
    }
  }

  /** Keeps {@code r} in a stack slot: loads before each read, stores after each write. */
  private static void spill(Function f, Reg r, Set<Reg> unspillable) {
    FrameSlot slot = f.newSlot("spill", 8, 8, FrameSlot.Purpose.SPILL, 0);
    FrameAddr addr = new FrameAddr(slot, 0);
    for (Block b : f.blocks()) {
      List<Insn> out = new ArrayList<>();
      for (Insn i : b.insns()) {
        boolean uses = i.uses().contains(r);
        boolean defs = i.defs().contains(r);
        if (!uses && !defs) {
          out.add(i);
          continue;
        }
        Reg t = f.newReg(r.kind(), "spilled");
        unspillable.add(t);
        if (uses) {
          out.add(new Load(t, addr, 0, 8, false, i.line()));
          i.mapUses(o -> o == r ? t : o);
        }
        if (defs) {
          i.mapDefs(d -> d == r ? t : d);
        }
        if (i instanceof Alu a && a.dst() == t && !uses) {
          throw new IllegalStateException("two-address operation without its use");
        }
        out.add(i);
        if (defs) {
          out.add(new Store(addr, 0, 8, t, i.line()));
        }
      }
      b.insns().clear();
      b.insns().addAll(out);
    }
  }
}
