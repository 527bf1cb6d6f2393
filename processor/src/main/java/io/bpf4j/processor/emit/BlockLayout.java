package io.bpf4j.processor.emit;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders blocks for emission: source order, with the cold blocks that only end the program (the
 * "return onFault" of Java exceptions) and those marked cold (a write's slow way) moved to the end
 * so the likely path falls through.
 */
public final class BlockLayout {
  private BlockLayout() {}

  public static void arrange(Function f) {
    List<Block> hot = new ArrayList<>();
    List<Block> cold = new ArrayList<>();
    for (Block b : f.blocks()) {
      (b != f.entry() && (isFailure(f, b) || f.isCold(b)) && isBranchTarget(f, b) ? cold : hot)
          .add(b);
    }
    sinkShortLoopArms(hot);
    f.blocks().clear();
    f.blocks().addAll(hot);
    f.blocks().addAll(cold);
  }

  /** Instructions other than moves up to which an arm counts as short. */
  private static final int SHORT_ARM = 4;

  /**
   * In a loop, an arm of a branch that only updates a few registers and jumps to where the other
   * arm also goes (after more work, or more blocks) ({@code if (kind == NOP) { n--; off++; } else
   * {...}}) is laid out right before that join, so that the branch falls through into the other
   * arm. The verifier walks a branch's fall-through first and comes back for the target: walking
   * the arm that changes the loop's registers by unknown amounts first, the states it leaves at the
   * loop head are wide enough to cover the exact ones of the short arm, which the verifier then
   * prunes instead of following every mix of the two arms through the remaining trips. Either arm
   * still takes one jump.
   */
  private static void sinkShortLoopArms(List<Block> layout) {
    // Each arm moves once at most: a moved arm may become another's fall-through again.
    java.util.Set<Block> moved = new java.util.HashSet<>();
    for (int i = 1; i + 1 < layout.size(); i++) {
      Block p = layout.get(i - 1);
      Block arm = layout.get(i);
      Block other = layout.get(i + 1);
      if (p.insns().isEmpty()
          || !(p.terminator() instanceof Branch br)
          || !((br.ifTrue() == arm && br.ifFalse() == other)
              || (br.ifFalse() == arm && br.ifTrue() == other))
          || work(arm) > SHORT_ARM
          || !(arm.terminator() instanceof Jump j)
          || j.target() == other
          || (other.terminator() instanceof Jump o
              && o.target() == j.target()
              && work(other) <= work(arm))
          || moved.contains(arm)
          || onlyPredecessor(layout, arm) != p) {
        continue;
      }
      Block join = j.target();
      int at = layout.indexOf(join);
      if (at <= i + 1 || !reaches(join, p) || !reaches(other, join)) {
        continue;
      }
      layout.remove(i);
      layout.add(at - 1, arm);
      moved.add(arm);
      moved.add(other);
      i--;
    }
  }

  /** The instructions besides moves (which allocation mostly removes) and the terminator. */
  private static int work(Block b) {
    int n = 0;
    for (var i : b.insns()) {
      if (!(i instanceof Mov) && !i.isTerminator()) {
        n++;
      }
    }
    return n;
  }

  private static Block onlyPredecessor(List<Block> layout, Block b) {
    Block only = null;
    for (Block p : layout) {
      if (p.successors().contains(b)) {
        if (only != null) {
          return null;
        }
        only = p;
      }
    }
    return only;
  }

  /** Whether {@code to} can be reached from {@code from}. */
  private static boolean reaches(Block from, Block to) {
    java.util.Set<Block> seen = new java.util.HashSet<>();
    java.util.Deque<Block> work = new java.util.ArrayDeque<>(List.of(from));
    while (!work.isEmpty()) {
      Block b = work.pop();
      if (b == to) {
        return true;
      }
      if (seen.add(b)) {
        work.addAll(b.successors());
      }
    }
    return false;
  }

  /**
   * After allocation (once {@link IdenticalBlocks} merged the copies): moves each block that ends
   * the program to the end of the function where that saves a jump, so a check that fails into a
   * return placed between two blocks of the likely path no longer makes that path jump over it.
   * Each move takes one {@code goto} away, so the passes end; the entry stays first.
   */
  public static void sinkReturns(Function f) {
    List<Block> blocks = f.blocks();
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int i = 1; i + 1 < blocks.size(); i++) {
        if (endsProgram(blocks.get(i)) && savesJumps(blocks, i)) {
          blocks.add(blocks.remove(i));
          moved = true;
          i--;
        }
      }
    }
  }

  /** Whether moving block {@code i} (not the last) to the end takes fewer jumps than leaving it. */
  private static boolean savesJumps(List<Block> blocks, int i) {
    Block before = blocks.get(i - 1);
    Block after = blocks.get(i + 1);
    Block last = blocks.get(blocks.size() - 1);
    int now = jumps(before, blocks.get(i)) + jumps(last, null);
    int moved = jumps(before, after) + jumps(last, blocks.get(i));
    return moved < now;
  }

  /** The {@code goto}s the emitter writes for {@code b}'s terminator when {@code next} follows. */
  private static int jumps(Block b, Block next) {
    if (b.insns().isEmpty()) {
      return 0;
    }
    if (b.terminator() instanceof Jump j) {
      return j.target() == next ? 0 : 1;
    }
    if (b.terminator() instanceof Branch br) {
      return br.ifTrue() == next || br.ifFalse() == next ? 0 : 1;
    }
    return 0;
  }

  private static boolean endsProgram(Block b) {
    return !b.insns().isEmpty() && b.terminator() instanceof Exit;
  }

  private static boolean isBranchTarget(Function f, Block b) {
    for (Block p : f.blocks()) {
      if (p.terminator() instanceof Branch br && (br.ifTrue() == b || br.ifFalse() == b)) {
        return true;
      }
    }
    return false;
  }

  /** {@code return onFault}: the block a failure ends in (also a plain return of that value). */
  private static boolean isFailure(Function f, Block b) {
    return b.insns().size() == 2
        && b.insns().get(0) instanceof Mov m
        && m.src() instanceof Imm i
        && i.value() == f.faultValue()
        && b.terminator() instanceof Exit;
  }
}
