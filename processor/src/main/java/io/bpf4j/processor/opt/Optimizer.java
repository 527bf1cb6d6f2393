package io.bpf4j.processor.opt;

import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IR clean-ups that make the translator's straightforward output compact: constant and address
 * propagation, branch folding, jump threading, dead code and dead store removal.
 */
public final class Optimizer {
  private Optimizer() {}

  /** Rounds after which the optimizer stops even if a round still changed something. */
  private static final int MAX_ROUNDS = 8;

  /** The round that picks the tc reads' arms if the code has not settled before it. */
  private static final int ARMS_BY_ROUND = 5;

  public static void run(Function f) {
    String last = null;
    boolean armsPicked = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      if (!armsPicked && round == ARMS_BY_ROUND) {
        DirectPacketArms.keepProvenOnly(f);
        armsPicked = true;
      }
      threadJumps(f);
      removeUnreachable(f);
      mergeStraightLines(f);
      ScalarReplacement.run(f);
      StackForwarding.run(f);
      propagateCopies(f);
      if (FullUnrolling.run(f)) {
        removeUnreachable(f);
      }
      PacketChecks.run(f);
      propagateCopies(f);
      AddressOffsets.run(f);
      ConstantAdds.run(f);
      DoubleSwaps.run(f);
      propagateConstants(f);
      SwappedConstants.run(f);
      SwapPairs.run(f);
      ZeroExtendingLoads.run(f);
      DemandedBits.run(f);
      NarrowStores.run(f);
      UnsignedCompares.run(f);
      ConstantArms.run(f);
      ValueRanges.run(f);
      foldBranches(f);
      BranchThreading.run(f);
      removeDeadStores(f);
      HelperFilledBuffers.run(f);
      removeUnreadSlotStores(f);
      removeDeadCode(f);
      if (round >= 2) {
        // One pass's result is often another's opening (a check dropped empties a block, which
        // lets a branch be threaded): go on while a round changes anything, from the fourth on.
        String now = shape(f);
        if (now.equals(last) && !armsPicked) {
          // The packet pointers are shared and every check a dominating one proves is gone
          // (a length test made a pointer test takes a round to cover the reads after it): the
          // tc reads whose direct arm is still checked on its own take the slow way alone.
          DirectPacketArms.keepProvenOnly(f);
          armsPicked = true;
          now = null;
        } else if (now.equals(last)) {
          break;
        }
        last = now;
      }
    }
    PacketOffsets.fold(f);
    mergeConstantExits(f);
    ConstantTails.run(f);
    threadJumps(f);
    // Threading may leave a branch whose arms now meet at once; its test, and what only fed the
    // test, go too.
    foldBranches(f);
    removeDeadCode(f);
    threadJumps(f);
    removeUnreachable(f);
  }

  /** The function's code as text, to tell whether a round changed it. */
  private static String shape(Function f) {
    StringBuilder text = new StringBuilder();
    for (Block b : f.blocks()) {
      text.append(b).append(':');
      for (Insn i : b.insns()) {
        text.append(i).append(';');
      }
    }
    return text.toString();
  }

  /**
   * Makes every jump to a block that only returns a constant go to the first such block with the
   * same constant, so each {@code return K} is emitted once.
   */
  static void mergeConstantExits(Function f) {
    Map<String, Block> first = new HashMap<>();
    Map<Block, Block> canonical = new HashMap<>();
    for (Block b : f.blocks()) {
      String key = constantExit(b);
      if (key != null) {
        Block c = first.putIfAbsent(key, b);
        if (c != null) {
          canonical.put(b, c);
        }
      }
    }
    if (canonical.isEmpty()) {
      return;
    }
    for (Block b : f.blocks()) {
      if (b.insns().isEmpty()) {
        continue;
      }
      Insn t = b.terminator();
      if (t instanceof Jump j) {
        j.setTarget(canonical.getOrDefault(j.target(), j.target()));
      } else if (t instanceof Branch br) {
        br.setTargets(
            canonical.getOrDefault(br.ifTrue(), br.ifTrue()),
            canonical.getOrDefault(br.ifFalse(), br.ifFalse()));
      }
    }
  }

  /** A key for a block that is exactly {@code r0 = K; exit}, or null. */
  private static String constantExit(Block b) {
    if (b.insns().size() == 2
        && b.insns().get(0) instanceof Mov m
        && m.dst().isFixed()
        && m.src() instanceof Imm i
        && b.insns().get(1) instanceof Exit) {
      return i.value() + (m.is64() ? "L" : "I");
    }
    return null;
  }

  /** Keeps only blocks reachable from the entry, in their current order. */
  public static void removeUnreachable(Function f) {
    Set<Block> seen = new HashSet<>();
    Deque<Block> work = new ArrayDeque<>(List.of(f.entry()));
    while (!work.isEmpty()) {
      Block b = work.pop();
      if (seen.add(b)) {
        work.addAll(b.successors());
      }
    }
    f.blocks().removeIf(b -> !seen.contains(b));
  }

  /**
   * Appends a block to its only predecessor when that predecessor jumps straight to it, so
   * straight-line code is one block for the block-local passes.
   */
  static void mergeStraightLines(Function f) {
    Map<Block, Integer> preds = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Block s : b.successors()) {
        preds.merge(s, 1, Integer::sum);
      }
    }
    Set<Block> merged = new HashSet<>();
    for (Block b : f.blocks()) {
      if (merged.contains(b)) {
        continue;
      }
      while (!b.insns().isEmpty()
          && b.terminator() instanceof Jump j
          && j.target() != b
          && j.target() != f.entry()
          && preds.getOrDefault(j.target(), 0) == 1) {
        Block s = j.target();
        b.insns().remove(b.insns().size() - 1);
        b.insns().addAll(s.insns());
        s.insns().clear();
        merged.add(s);
      }
    }
    f.blocks().removeAll(merged);
  }

  /** Retargets jumps to blocks that only jump on. */
  public static void threadJumps(Function f) {
    for (Block b : f.blocks()) {
      if (b.insns().isEmpty()) {
        continue;
      }
      Insn t = b.terminator();
      if (t instanceof Jump j) {
        j.setTarget(forward(j.target()));
      } else if (t instanceof Branch br) {
        br.setTargets(forward(br.ifTrue()), forward(br.ifFalse()));
      }
    }
  }

  private static Block forward(Block b) {
    Set<Block> seen = new HashSet<>();
    while (b.insns().size() == 1 && b.terminator() instanceof Jump j && seen.add(b)) {
      b = j.target();
    }
    return b;
  }

  /**
   * Replaces reads of a register written exactly once, by a copy of another register that is itself
   * written exactly once, with that other register: both hold the same value wherever the copy is
   * read (the copy of a program's context into an inlined method's parameter, typically).
   */
  static void propagateCopies(Function f) {
    Map<Reg, Integer> defCount = new HashMap<>();
    Map<Reg, Reg> copyOf = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg d : i.defs()) {
          defCount.merge(d, 1, Integer::sum);
          if (i instanceof Mov m
              && m.src() instanceof Reg s
              && !d.isFixed()
              && !s.isFixed()
              && s.kind() == d.kind()
              && !m.truncates()
              && (m.is64() || !d.is64())) {
            copyOf.put(d, s);
          }
        }
      }
    }
    copyOf
        .entrySet()
        .removeIf(e -> defCount.get(e.getKey()) != 1 || defCount.get(e.getValue()) != 1);
    if (copyOf.isEmpty()) {
      return;
    }
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        i.mapUses(o -> o instanceof Reg r ? root(copyOf, r) : o);
      }
    }
  }

  private static Reg root(Map<Reg, Reg> copyOf, Reg r) {
    Reg s = copyOf.get(r);
    return s == null ? r : root(copyOf, s);
  }

  /**
   * Replaces reads of registers that are written exactly once with a constant or a stack address,
   * where the reading instruction can take that operand directly.
   */
  static void propagateConstants(Function f) {
    Map<Reg, Integer> defCount = new HashMap<>();
    Map<Reg, Operand> value = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg d : i.defs()) {
          defCount.merge(d, 1, Integer::sum);
          if (i instanceof Mov m
              && !d.isFixed()
              && (m.src() instanceof Imm || m.src() instanceof FrameAddr)
              && (m.is64() || m.src() instanceof Imm)) {
            value.put(d, normalized(m));
          }
        }
      }
    }
    value.keySet().removeIf(r -> defCount.get(r) != 1);
    if (value.isEmpty()) {
      return;
    }
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        i.mapUses(
            o ->
                o instanceof Reg r && value.containsKey(r) && accepts(i, o, value.get(r))
                    ? value.get(r)
                    : o);
      }
    }
  }

  private static Operand normalized(Mov m) {
    if (!m.is64() && m.src() instanceof Imm i) {
      return new Imm((int) i.value());
    }
    return m.src();
  }

  /** Whether {@code insn} can read {@code replacement} where it now reads register {@code old}. */
  private static boolean accepts(Insn insn, Operand old, Operand replacement) {
    boolean smallImm = replacement instanceof Imm i && i.fitsInt32();
    if (insn instanceof Mov) {
      return true;
    }
    if (insn instanceof Store s) {
      return s.base() == old ? replacement instanceof FrameAddr : smallImm;
    }
    if (insn instanceof Load || insn instanceof AtomicOp) {
      return replacement instanceof FrameAddr && baseIs(insn, old);
    }
    if (insn instanceof io.bpf4j.processor.ir.Alu a) {
      return a.src() == old && a.dst() != old && smallImm;
    }
    if (insn instanceof Branch br) {
      return br.b() == old && br.a() != old && smallImm;
    }
    if (insn instanceof io.bpf4j.processor.ir.PacketLoad p) {
      // A constant offset turns LD_IND into LD_ABS.
      return p.offset() == old && replacement instanceof Imm i && i.value() >= 0 && smallImm;
    }
    return false;
  }

  private static boolean baseIs(Insn insn, Operand old) {
    return insn instanceof Load l ? l.base() == old : ((AtomicOp) insn).base() == old;
  }

  /** Branches on two constants become jumps. */
  static void foldBranches(Function f) {
    for (Block b : f.blocks()) {
      if (!b.insns().isEmpty() && b.terminator() instanceof Branch br) {
        br.normalize();
        if (br.a() instanceof Imm x && br.b() instanceof Imm y) {
          Block target =
              br.cond().test(x.value(), y.value(), br.is64()) ? br.ifTrue() : br.ifFalse();
          b.insns().set(b.insns().size() - 1, new Jump(target, br.line()));
        } else if (br.ifTrue() == br.ifFalse()) {
          b.insns().set(b.insns().size() - 1, new Jump(br.ifTrue(), br.line()));
        }
      }
    }
  }

  /** Removes instructions without side effects whose results nobody reads. */
  static void removeDeadCode(Function f) {
    boolean changed = true;
    while (changed) {
      changed = false;
      Liveness liveness = new Liveness(f);
      for (Block b : f.blocks()) {
        BitSet live = liveness.liveOut(b);
        List<Insn> insns = b.insns();
        for (int k = insns.size() - 1; k >= 0; k--) {
          Insn i = insns.get(k);
          boolean dead = !i.hasSideEffects() && !i.defs().isEmpty();
          for (Reg d : i.defs()) {
            if (live.get(d.id())) {
              dead = false;
            }
          }
          if (i instanceof Mov m && m.src() == m.dst()) {
            dead = true;
          }
          if (dead) {
            insns.remove(k);
            changed = true;
          } else {
            Liveness.step(i, live);
          }
        }
      }
    }
  }

  /**
   * Removes a stack store that a later store in the same block overwrites before anything could
   * read it (the zeroing of a new object whose fields are all assigned, typically).
   */
  static void removeDeadStores(Function f) {
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      Set<Insn> dead = new LinkedHashSet<>();
      for (int k = 0; k < insns.size(); k++) {
        if (!(insns.get(k) instanceof Store s) || !(s.base() instanceof FrameAddr a)) {
          continue;
        }
        int lo = a.offset() + s.offset();
        BitSet covered = new BitSet();
        for (int n = k + 1; n < insns.size(); n++) {
          Insn next = insns.get(n);
          if (next instanceof Store s2
              && s2.base() instanceof FrameAddr a2
              && a2.slot() == a.slot()) {
            int lo2 = a2.offset() + s2.offset();
            covered.set(lo2, lo2 + s2.size());
            if (covered.nextClearBit(lo) >= lo + s.size()) {
              dead.add(s);
              break;
            }
            continue;
          }
          if (next instanceof Call
              || next instanceof Exit
              || next.isTerminator()
              || mentions(next, a.slot())) {
            break;
          }
        }
      }
      insns.removeAll(dead);
    }
  }

  /**
   * Removes stores to stack slots that nothing ever reads: no load, helper argument or address copy
   * names the slot, only stores into it (a boxed value whose box the threading made unused).
   */
  static void removeUnreadSlotStores(Function f) {
    Set<io.bpf4j.processor.ir.FrameSlot> read = new HashSet<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i instanceof Store s && s.base() instanceof FrameAddr) {
          if (s.src() instanceof FrameAddr fa) {
            read.add(fa.slot());
          }
          continue;
        }
        i.mapUses(
            o -> {
              if (o instanceof FrameAddr fa) {
                read.add(fa.slot());
              }
              return o;
            });
      }
    }
    for (Block b : f.blocks()) {
      b.insns()
          .removeIf(
              i ->
                  i instanceof Store s
                      && s.base() instanceof FrameAddr fa
                      && !read.contains(fa.slot()));
    }
  }

  private static boolean mentions(Insn insn, io.bpf4j.processor.ir.FrameSlot slot) {
    List<Operand> seen = new ArrayList<>();
    insn.mapUses(
        o -> {
          seen.add(o);
          return o;
        });
    for (Operand o : seen) {
      if (o instanceof FrameAddr fa && fa.slot() == slot) {
        return true;
      }
    }
    return false;
  }
}
