package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Neg;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jump threading over values known per predecessor: a block that only copies registers and then
 * branches on one of them against a constant is bypassed from each predecessor where that register
 * is known, a constant, a stack address (never null) or the constant an equality test on the edge
 * implies. Booleans materialized in two arms and then branched on, and the null test of a boxed
 * lookup result ({@code box = ret == null ? null : &copy}), become direct branches.
 */
final class BranchThreading {
  private BranchThreading() {}

  /** What is known of a register at the end of a predecessor. */
  private record Known(long value, boolean nonNull, boolean low32Only) {
    static Known constant(long v, boolean low32Only) {
      return new Known(v, false, low32Only);
    }

    static final Known NON_NULL = new Known(0, true, false);

    /** The branch's outcome, or null when this knowledge does not decide it. */
    Boolean decide(Cond cond, boolean is64, long b) {
      if (nonNull) {
        if (!is64 || b != 0 || (cond != Cond.EQ && cond != Cond.NE)) {
          return null;
        }
        return cond == Cond.NE;
      }
      if (low32Only && is64) {
        return null;
      }
      return cond.test(value, b, is64);
    }
  }

  static void run(Function f) {
    // Predecessors as the pass starts: threading only removes edges into a block (thread checks
    // that the edge is still there), and the bypass blocks it adds are left to the next round.
    Map<Block, List<Block>> preds = Definitions.predecessors(f);
    PathConstants constants = null;
    for (Block b : new ArrayList<>(f.blocks())) {
      if (b == f.entry() || !copiesThenBranches(b)) {
        continue;
      }
      if (constants == null) {
        constants = PathConstants.solve(f);
      }
      for (Block p : preds.getOrDefault(b, List.of())) {
        if (p == b || p.insns().isEmpty()) {
          continue;
        }
        thread(f, p, b, constants);
      }
    }
  }

  private static boolean copiesThenBranches(Block b) {
    List<Insn> insns = b.insns();
    if (insns.isEmpty()
        || insns.size() > 4
        || !(b.terminator() instanceof Branch br)
        || !(br.a() instanceof Reg)
        || !(br.b() instanceof Imm)) {
      return false;
    }
    for (int k = 0; k < insns.size() - 1; k++) {
      // A fixed destination is fine: the bypass writes it just as this block would (an inlined
      // method's result passes through r0).
      if (!(insns.get(k) instanceof Mov m) || m.truncates()) {
        return false;
      }
    }
    return true;
  }

  /** Sends {@code p}'s edges to {@code b} straight to the target when {@code p} decides it. */
  private static void thread(Function f, Block p, Block b, PathConstants constants) {
    Insn t = p.terminator();
    boolean viaJump = t instanceof Jump j && j.target() == b;
    boolean viaBranch = t instanceof Branch pb && (pb.ifTrue() == b) != (pb.ifFalse() == b);
    if (!viaJump && !viaBranch) {
      return;
    }
    Branch br = (Branch) b.terminator();
    Known known = knownAtEnd(b, p, (Reg) br.a());
    long k = ((Imm) br.b()).value();
    Boolean outcome =
        known != null ? known.decide(br.cond(), br.is64(), k) : decidedOnEdge(b, p, br, constants);
    if (outcome == null) {
      return;
    }
    Block target = outcome ? br.ifTrue() : br.ifFalse();
    Block bypass = f.newBlock();
    for (Insn i : b.insns().subList(0, b.insns().size() - 1)) {
      bypass.add(i.copy());
    }
    bypass.add(new Jump(target, br.line()));
    p.retarget(b, bypass);
  }

  /**
   * What is known of {@code r}, read at {@code b}'s branch, when {@code b} is entered from {@code
   * p}: followed back through {@code b}'s copies, then {@code p}'s, to a constant, a stack address
   * or the register an equality test on the edge compares.
   */
  private static Known knownAtEnd(Block b, Block p, Reg r) {
    List<Insn> body = b.insns();
    Operand tracked = r;
    boolean wide = true;
    for (int k = body.size() - 2; k >= 0; k--) {
      Mov m = (Mov) body.get(k);
      if (m.dst() == tracked) {
        tracked = m.src();
        wide = m.is64();
      }
    }
    Known direct = known(tracked, wide);
    if (direct != null || !(tracked instanceof Reg reg)) {
      return direct;
    }
    Known edge = impliedByEdge(p, b, reg);
    if (edge != null) {
      return edge;
    }
    List<Insn> insns = p.insns();
    Set<Reg> clobbered = new HashSet<>();
    boolean hiddenDefs = false;
    for (int k = insns.size() - 2; k >= 0; k--) {
      Insn i = insns.get(k);
      hiddenDefs |= !withoutHiddenDefs(i);
      if (reg.isFixed() && hiddenDefs) {
        // A call's (or a packet load's) clobbers are not all among its defs.
        return null;
      }
      if (!i.defs().contains(reg)) {
        clobbered.addAll(i.defs());
        continue;
      }
      if (i instanceof Mov m && !m.is64() && m.dst().is64() && m.src() instanceof Imm c) {
        // An inlined method's {@code return K} through r0: a 32-bit move clears the upper half,
        // but only 32-bit tests are decided, as for the other 32-bit knowledge.
        return Known.constant(c.value() & 0xffffffffL, true);
      }
      if (!(i instanceof Mov m) || m.truncates() || (!m.is64() && m.dst().is64())) {
        return null;
      }
      Known k2 = known(m.src(), m.is64());
      if (k2 != null || !(m.src() instanceof Reg s)) {
        return k2;
      }
      clobbered.addAll(i.defs());
      if (clobbered.contains(s) || (s.isFixed() && hiddenDefs)) {
        return null;
      }
      reg = s;
      edge = impliedByEdge(p, b, reg);
      if (edge != null) {
        return edge;
      }
    }
    return null;
  }

  /**
   * The branch's outcome when {@code b} is entered from {@code p}, from what {@link PathConstants}
   * knows of the register (followed back through b's copies) at the end of {@code p}, however far
   * back it was set: the same for every value it may hold there, or null.
   */
  private static Boolean decidedOnEdge(Block b, Block p, Branch br, PathConstants constants) {
    Operand tracked = br.a();
    boolean wide = true;
    List<Insn> body = b.insns();
    for (int k = body.size() - 2; k >= 0; k--) {
      Mov m = (Mov) body.get(k);
      if (m.dst() == tracked) {
        tracked = m.src();
        wide &= m.is64();
      }
    }
    if (!(tracked instanceof Reg r) || (!wide && br.is64())) {
      return null; // the upper half of a 32-bit copy is not the value's
    }
    long[] values = constants.onEdge(p, b, r);
    if (values == null) {
      return null;
    }
    Boolean outcome = null;
    for (long v : values) {
      boolean t = br.cond().test(wide ? v : v & 0xffffffffL, ((Imm) br.b()).value(), br.is64());
      if (outcome != null && outcome != t) {
        return null;
      }
      outcome = t;
    }
    return outcome;
  }

  /** Whether {@code i} writes no register beyond its defs (so fixed registers can be followed). */
  private static boolean withoutHiddenDefs(Insn i) {
    return i instanceof Mov
        || i instanceof Alu
        || i instanceof Load
        || i instanceof Store
        || i instanceof Ext
        || i instanceof ByteSwap
        || i instanceof Neg;
  }

  private static Known known(Operand o, boolean is64) {
    if (o instanceof Imm i) {
      return Known.constant(is64 ? i.value() : i.value() & 0xffffffffL, false);
    }
    if (o instanceof FrameAddr && is64) {
      return Known.NON_NULL;
    }
    return null;
  }

  /** The constant {@code r} equals on the edge from {@code p} to {@code b}, if p's test says so. */
  private static Known impliedByEdge(Block p, Block b, Reg r) {
    if (!(p.terminator() instanceof Branch pb) || pb.a() != r || !(pb.b() instanceof Imm c)) {
      return null;
    }
    Cond onEdge = pb.ifTrue() == b ? pb.cond() : pb.cond().negate();
    if (onEdge != Cond.EQ) {
      return null;
    }
    return Known.constant(pb.is64() ? c.value() : c.value() & 0xffffffffL, !pb.is64());
  }
}
