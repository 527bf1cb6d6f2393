package io.bpf4j.processor.opt;

import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unrolls a counted loop completely when it runs few times ({@code for (int i = 0; i < 4; i++)},
 * the VLAN tags of a parser): one copy of the body per iteration, so that in each copy the counter,
 * and every offset it steps ({@code off += 4}), is a constant that packet checks, ranges and
 * threading can use — as clang does for such loops. The verifier then walks straight-line code
 * instead of one state per iteration.
 *
 * <p>A loop qualifies when it has no loop inside it, an exit test {@code i cond K} that runs once
 * in every iteration, a single update {@code i += c} that also runs once in every iteration, and a
 * start value of {@code i} that is a {@link PathConstants path constant} on every entry; the trips
 * are then counted by running the test, and the copies must stay within a size budget (a larger one
 * for loops that check packet bounds, which the copies mostly drop). The last copy's test is known
 * to leave the loop and becomes a jump out; the copies' back edges still go to the original loop,
 * which is left unreachable.
 */
final class FullUnrolling {
  /** At most this many copies of a loop body (test evaluations). */
  static final int MAX_COPIES = 16;

  /** At most this many instructions in all the copies of a loop that checks packet bounds. */
  static final int MAX_INSNS = 320;

  /**
   * At most this many more than the loop itself in all the copies of any other loop: unrolled, it
   * only saves the counter's upkeep and a branch per trip, so it must not grow much.
   */
  static final int MAX_GROWTH_PLAIN = 12;

  private FullUnrolling() {}

  /** The counter's exit test and update. */
  private record Counted(Block test, Branch exit, boolean exitWhen, Alu step, boolean postStep) {}

  /**
   * Unrolls every innermost loop that qualifies, from one analysis of the function: innermost loops
   * are disjoint, and unrolling one leaves the others' blocks, dominators and entry values as they
   * were — except for a loop entered from one just unrolled, which waits for the next call. Returns
   * whether it unrolled any.
   */
  static boolean run(Function f) {
    Loops loops = new Loops(f);
    List<Loops.Loop> all = loops.loops();
    PathConstants constants = null;
    Liveness liveness = null;
    Set<Block> touched = new HashSet<>();
    for (Loops.Loop loop : all) {
      if (!innermost(loop, all) || touchesMetadata(f, loop)) {
        continue;
      }
      Counted c = counted(loop, loops);
      if (c == null || enteredFrom(loop, loops, touched)) {
        continue;
      }
      if (constants == null) {
        constants = PathConstants.solve(f);
        liveness = new Liveness(f);
      }
      int copies = copies(loop, loops, c, constants);
      if (copies < 0) {
        continue;
      }
      unroll(f, loop, loops, c, copies, liveness);
      touched.addAll(loop.body());
    }
    return !touched.isEmpty();
  }

  private static boolean enteredFrom(Loops.Loop loop, Loops loops, Set<Block> touched) {
    for (Block p : loops.predecessors(loop.header())) {
      if (touched.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean innermost(Loops.Loop loop, List<Loops.Loop> all) {
    for (Loops.Loop other : all) {
      if (other != loop && loop.body().contains(other.header())) {
        return false;
      }
    }
    return true;
  }

  /** Blocks and branches the function keeps facts about (failure exits, tc read arms) stay. */
  private static boolean touchesMetadata(Function f, Loops.Loop loop) {
    for (Block b : loop.body()) {
      if (f.failureBlocks().contains(b)) {
        return true;
      }
      if (!b.insns().isEmpty() && f.directArmChecks().containsKey(b.terminator())) {
        return true;
      }
    }
    return false;
  }

  /** The loop's counter test and step, or null. */
  private static Counted counted(Loops.Loop loop, Loops loops) {
    for (Block b : loop.body()) {
      if (b.insns().isEmpty()
          || !(b.terminator() instanceof Branch br)
          || !(br.a() instanceof Reg i)
          || i.isFixed()
          || !(br.b() instanceof Imm)
          || loop.body().contains(br.ifTrue()) == loop.body().contains(br.ifFalse())
          || !everyIteration(b, loop, loops)) {
        continue;
      }
      Alu step = null;
      Block stepBlock = null;
      int defs = 0;
      for (Block x : loop.body()) {
        for (Insn insn : x.insns()) {
          if (insn.defs().contains(i)) {
            defs++;
            if (insn instanceof Alu a
                && (a.op() == AluOp.ADD || a.op() == AluOp.SUB)
                && a.src() instanceof Imm) {
              step = a;
              stepBlock = x;
            }
          }
        }
      }
      if (defs != 1 || step == null || !everyIteration(stepBlock, loop, loops)) {
        continue;
      }
      // The test sees the stepped value when the step comes first in an iteration.
      boolean post = stepBlock == b || loops.dominates(stepBlock, b);
      boolean exitWhen = !loop.body().contains(br.ifTrue());
      return new Counted(b, br, exitWhen, step, post);
    }
    return null;
  }

  /** Whether {@code b} runs exactly once in every iteration that goes round again. */
  private static boolean everyIteration(Block b, Loops.Loop loop, Loops loops) {
    for (Block latch : loop.latches()) {
      if (!loops.dominates(b, latch)) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many copies (test evaluations) the loop needs at most, from every start value of its
   * counter; -1 when it does not qualify.
   */
  private static int copies(Loops.Loop loop, Loops loops, Counted c, PathConstants constants) {
    Reg i = (Reg) c.exit().a();
    List<Long> starts = new ArrayList<>();
    for (Block p : loops.predecessors(loop.header())) {
      if (loop.body().contains(p)) {
        continue;
      }
      long[] values = constants.onEdge(p, loop.header(), i);
      if (values == null) {
        return -1;
      }
      for (long v : values) {
        starts.add(v);
      }
    }
    long k = ((Imm) c.exit().b()).value();
    long delta = ((Imm) c.step().src()).value();
    if (c.step().op() == AluOp.SUB) {
      delta = -delta;
    }
    boolean is64 = i.is64();
    int most = 0;
    for (long start : starts) {
      long v = start;
      int evaluations = 1;
      while (true) {
        long seen = c.postStep() ? wrap(v + delta, is64) : v;
        if (c.exit().cond().test(seen, k, c.exit().is64()) == c.exitWhen()) {
          break;
        }
        v = wrap(v + delta, is64);
        evaluations++;
        if (evaluations > MAX_COPIES) {
          return -1;
        }
      }
      most = Math.max(most, evaluations);
    }
    int size = 0;
    boolean checksPacket = false;
    for (Block b : loop.body()) {
      size += b.insns().size();
      checksPacket |= !b.insns().isEmpty() && comparesPointers(b.terminator());
    }
    long total = (long) size * most;
    long budget = checksPacket ? MAX_INSNS : size + MAX_GROWTH_PLAIN;
    return starts.isEmpty() || total > budget ? -1 : most;
  }

  /**
   * A bounds check ({@code p + n > data_end}): in the copies its offsets become constants that
   * dominating checks cover.
   */
  private static boolean comparesPointers(Insn t) {
    return t instanceof Branch br
        && br.a() instanceof Reg a
        && br.b() instanceof Reg b
        && a.kind() == Reg.Kind.REF
        && b.kind() == Reg.Kind.REF;
  }

  private static long wrap(long v, boolean is64) {
    return is64 ? v : v & 0xffff_ffffL;
  }

  private static void unroll(
      Function f, Loops.Loop loop, Loops loops, Counted c, int copies, Liveness liveness) {
    Block header = loop.header();
    List<Block> body = orderedBody(f, loop.body());
    List<Map<Block, Block>> clones = new ArrayList<>();
    for (int n = 0; n < copies; n++) {
      Map<Block, Block> map = new HashMap<>();
      for (Block b : body) {
        Block nb = f.newBlock();
        if (f.isCold(b)) {
          f.markCold(nb);
        }
        map.put(b, nb);
      }
      clones.add(map);
    }
    Set<Reg> local = iterationLocal(liveness, loop);
    for (int n = 0; n < copies; n++) {
      Map<Block, Block> map = clones.get(n);
      // Each copy gets its own registers for values that live within one iteration, so that they
      // stay written once (copy and constant propagation need that).
      Map<Reg, Reg> renamed = new HashMap<>();
      for (Reg r : local) {
        Reg fresh = f.newReg(r.kind(), r.baseName());
        if (r.isZeroExtendedNonNegative()) {
          fresh.markZeroExtendedNonNegative();
        }
        if (r.isBtfTyped()) {
          fresh.markBtfTyped();
        }
        renamed.put(r, fresh);
      }
      // A back edge enters the next copy; the last copy's would enter the original loop, which
      // its forced exit leaves unreachable.
      Block next = n + 1 < copies ? clones.get(n + 1).get(header) : header;
      for (Block b : body) {
        Block nb = map.get(b);
        for (Insn insn : b.insns()) {
          Insn copy = insn.copy();
          copy.mapUses(o -> o instanceof Reg r ? renamed.getOrDefault(r, r) : o);
          copy.mapDefs(r -> renamed.getOrDefault(r, r));
          if (copy instanceof Jump j) {
            j.setTarget(target(j.target(), b, loop, map, next));
          } else if (copy instanceof Branch br) {
            br.setTargets(
                target(br.ifTrue(), b, loop, map, next), target(br.ifFalse(), b, loop, map, next));
          }
          nb.add(copy);
        }
      }
      if (n == copies - 1) {
        // The counter makes this test leave the loop on every path that reaches it.
        Block nb = map.get(c.test());
        Branch br = (Branch) nb.terminator();
        Block out = c.exitWhen() ? br.ifTrue() : br.ifFalse();
        nb.insns().set(nb.insns().size() - 1, new Jump(out, br.line()));
      }
    }
    Block first = clones.get(0).get(header);
    for (Block p : loops.predecessors(header)) {
      if (!loop.body().contains(p)) {
        p.retarget(header, first);
      }
    }
    // The copies go where the loop was (newBlock appended them).
    List<Block> layout = new ArrayList<>();
    for (Map<Block, Block> map : clones) {
      for (Block b : body) {
        layout.add(map.get(b));
      }
    }
    f.blocks().removeAll(new HashSet<>(layout));
    f.blocks().addAll(f.blocks().indexOf(header), layout);
  }

  /**
   * The registers written in the loop whose values never cross an iteration or leave the loop: not
   * live where the loop starts nor where it exits to.
   */
  private static Set<Reg> iterationLocal(Liveness liveness, Loops.Loop loop) {
    BitSet crossing = (BitSet) liveness.liveIn(loop.header()).clone();
    for (Block b : loop.body()) {
      for (Block s : b.successors()) {
        if (!loop.body().contains(s)) {
          crossing.or(liveness.liveIn(s));
        }
      }
    }
    Set<Reg> local = new LinkedHashSet<>();
    for (Block b : loop.body()) {
      for (Insn i : b.insns()) {
        for (Reg d : i.defs()) {
          if (!d.isFixed() && !crossing.get(d.id())) {
            local.add(d);
          }
        }
      }
    }
    return local;
  }

  /** The loop's blocks in the function's layout order. */
  private static List<Block> orderedBody(Function f, Set<Block> body) {
    List<Block> out = new ArrayList<>();
    for (Block b : f.blocks()) {
      if (body.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }

  private static Block target(
      Block t, Block from, Loops.Loop loop, Map<Block, Block> map, Block next) {
    if (t == loop.header() && loop.latches().contains(from)) {
      return next;
    }
    return loop.body().contains(t) ? map.get(t) : t;
  }
}
