package io.bpf4j.processor.opt;

import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Value range propagation: a forward dataflow of what each register may contain (joined as interval
 * hulls, widened to "anything" when a loop keeps growing a range, narrowed by branch outcomes),
 * then the rewrites it proves safe — a mask that keeps every possible value ({@code x & 0xffff} of
 * a loaded char), a sign extension of a value that is already its own extension ({@code i2l} of a
 * length, {@code i2b} of a small byte), and a branch whose outcome the ranges decide (the
 * non-negative check before a packet read at {@code 14 + ihl}), and every register the ranges pin
 * to one value read as that constant ({@link ConstantOperands}).
 */
public final class ValueRanges {
  /** Visits of a block after which a still-growing range is widened. */
  private static final int WIDEN_AFTER = 3;

  private final Function f;
  private final Map<Block, Map<Reg, Range>> in = new HashMap<>();
  private final Map<Block, Integer> visits = new HashMap<>();

  /**
   * Each block's live-in registers: a block's entry state keeps only these, since no other range
   * can be asked for in it or after it. Without this every state carries every register defined on
   * the way there, and copying states made the pass quadratic in the method's size.
   */
  private final Liveness liveness;

  private ValueRanges(Function f) {
    this.f = f;
    this.liveness = new Liveness(f);
  }

  /** The ranges of {@code f} as it is now, for {@link #before} queries. */
  static ValueRanges solved(Function f) {
    ValueRanges v = new ValueRanges(f);
    v.solve();
    return v;
  }

  /**
   * What the register each instruction of {@code wanted} reads as its ALU source may hold there,
   * keyed by instruction identity; one walk over each block.
   */
  Map<Insn, Range> sources(Predicate<Insn> wanted) {
    Map<Insn, Range> found = new IdentityHashMap<>();
    for (Block b : f.blocks()) {
      Map<Reg, Range> entry = in.get(b);
      if (entry == null) {
        continue;
      }
      Map<Reg, Range> state = new HashMap<>(entry);
      for (Insn i : b.insns()) {
        if (wanted.test(i) && i instanceof Alu a && a.src() instanceof Reg r) {
          found.put(i, RangeTransfer.get(state, r));
        }
        if (!i.isTerminator()) {
          RangeTransfer.step(i, state);
        }
      }
    }
    return found;
  }

  /**
   * What {@code r} may hold right before {@code insn} (found by identity in {@code b}), or {@link
   * Range#ANY}. Stays sound while instructions are only replaced by ones computing the same values
   * or inserted to write new registers.
   */
  Range before(Block b, Insn insn, Reg r) {
    Map<Reg, Range> entry = in.get(b);
    if (entry == null) {
      return Range.ANY;
    }
    Map<Reg, Range> state = new HashMap<>(entry);
    for (Insn i : b.insns()) {
      if (i == insn) {
        return RangeTransfer.get(state, r);
      }
      if (!i.isTerminator()) {
        RangeTransfer.step(i, state);
      }
    }
    return Range.ANY;
  }

  /** Rewrites what the ranges prove; returns whether anything changed. */
  public static boolean run(Function f) {
    ValueRanges v = new ValueRanges(f);
    v.solve();
    return v.rewrite();
  }

  private void solve() {
    // Blocks in reverse postorder, visited lowest pending index first: a block's predecessors
    // (outside loops) are joined before it is visited, so most blocks are visited once.
    List<Block> order = reversePostorder(f);
    Map<Block, Integer> index = new HashMap<>();
    for (int k = 0; k < order.size(); k++) {
      index.put(order.get(k), k);
    }
    BitSet pending = new BitSet();
    pending.set(0);
    in.put(f.entry(), new HashMap<>());
    for (int next = 0; next >= 0; next = pending.nextSetBit(0)) {
      pending.clear(next);
      Block b = order.get(next);
      Map<Reg, Range> state = new HashMap<>(in.get(b));
      for (Insn i : b.insns()) {
        if (!i.isTerminator()) {
          RangeTransfer.step(i, state);
        }
      }
      Insn t = b.insns().isEmpty() ? null : b.terminator();
      for (Block s : b.successors()) {
        Map<Reg, Range> edge = new HashMap<>(state);
        if (t instanceof Branch br) {
          refine(br, s, edge);
        }
        Integer target = index.get(s);
        // Only an edge back to a loop's head can keep growing a range: a forward join (of the
        // many exits of an unrolled loop) is never widened.
        if (target != null && join(s, liveOnly(s, edge), target <= next)) {
          pending.set(target);
        }
      }
    }
  }

  /** The entries of {@code state} for registers live at the start of {@code s}. */
  private Map<Reg, Range> liveOnly(Block s, Map<Reg, Range> state) {
    BitSet live = liveness.liveIn(s);
    Map<Reg, Range> kept = new HashMap<>();
    for (Map.Entry<Reg, Range> e : state.entrySet()) {
      if (live.get(e.getKey().id())) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    return kept;
  }

  /** The blocks reachable from the entry, in reverse postorder of a depth-first walk. */
  static List<Block> reversePostorder(Function f) {
    List<Block> post = new ArrayList<>();
    Set<Block> seen = new HashSet<>();
    Deque<Block> stack = new ArrayDeque<>();
    Deque<Iterator<Block>> successors = new ArrayDeque<>();
    seen.add(f.entry());
    stack.push(f.entry());
    successors.push(f.entry().successors().iterator());
    while (!stack.isEmpty()) {
      Iterator<Block> it = successors.peek();
      if (it.hasNext()) {
        Block s = it.next();
        if (seen.add(s)) {
          stack.push(s);
          successors.push(s.successors().iterator());
        }
      } else {
        post.add(stack.pop());
        successors.pop();
      }
    }
    Collections.reverse(post);
    return post;
  }

  /** Narrows the branch's register on the edge to {@code target}. */
  private static void refine(Branch br, Block target, Map<Reg, Range> edge) {
    if (br.ifTrue() == br.ifFalse() || !(br.a() instanceof Reg a) || !(br.b() instanceof Imm k)) {
      return;
    }
    Range r = RangeTransfer.get(edge, a);
    Range narrowed =
        RangeTransfer.refine(r, br.cond(), k.value(), br.is64(), target == br.ifTrue());
    if (!narrowed.equals(Range.ANY)) {
      edge.put(a, narrowed);
    }
  }

  /** Joins {@code edge} into the entry state of {@code s}; returns whether it changed. */
  private boolean join(Block s, Map<Reg, Range> edge, boolean backEdge) {
    Map<Reg, Range> old = in.get(s);
    if (old == null) {
      in.put(s, edge);
      return true;
    }
    int n = backEdge ? visits.merge(s, 1, Integer::sum) : 0;
    Map<Reg, Range> joined = new HashMap<>();
    for (Map.Entry<Reg, Range> e : old.entrySet()) {
      Range other = edge.get(e.getKey());
      if (other == null) {
        continue;
      }
      Range h = e.getValue().hull(other);
      if (!h.equals(e.getValue()) && n > WIDEN_AFTER) {
        continue; // still growing in a loop: give up on this register
      }
      joined.put(e.getKey(), h);
    }
    if (joined.equals(old)) {
      return false;
    }
    in.put(s, joined);
    return true;
  }

  private boolean rewrite() {
    boolean changed = false;
    for (Block b : f.blocks()) {
      Map<Reg, Range> entry = in.get(b);
      if (entry == null) {
        continue; // unreachable; removed elsewhere
      }
      Map<Reg, Range> state = new HashMap<>(entry);
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        Insn i = insns.get(k);
        changed |= ConstantOperands.substitute(i, state);
        Insn replacement = simplified(i, state);
        if (replacement != i) {
          changed = true;
          if (replacement == null) {
            insns.remove(k--);
            continue; // a removed no-op changes no range
          }
          insns.set(k, replacement);
        }
        if (!replacement.isTerminator()) {
          RangeTransfer.step(replacement, state);
        }
      }
    }
    return changed;
  }

  /** Whether {@code x op= k} leaves x as it was (its low half, for a 32-bit operation). */
  private static boolean leavesAlone(AluOp op, long k) {
    return switch (op) {
      case ADD, SUB, OR, XOR, LSH, RSH, ARSH -> k == 0;
      case MUL, DIV -> k == 1;
      case AND -> k == -1;
      default -> false;
    };
  }

  /** {@code i} itself, a cheaper equivalent, or null when it does nothing. */
  private static Insn simplified(Insn i, Map<Reg, Range> state) {
    Insn constant = ConstantOperands.folded(i, state);
    if (constant != i) {
      return constant;
    }
    if (i instanceof Alu a && a.src() instanceof Imm k && leavesAlone(a.op(), k.value())) {
      // x |= 0, x += 0, x <<= 0, x &= -1: nothing, unless a 32-bit operation clears an upper half
      // that may be set.
      return a.dst().is64() || RangeTransfer.get(state, a.dst()).within(Range.U32) ? null : i;
    }
    if (i instanceof Alu a
        && a.op() == AluOp.AND
        && a.src() instanceof Imm m
        && m.value() >= 0
        && (m.value() & (m.value() + 1)) == 0) {
      Range v = RangeTransfer.get(state, a.dst());
      return v.within(new Range(0, m.value())) ? null : i;
    }
    if (i instanceof Ext e) {
      Range v = RangeTransfer.get(state, e.src());
      Range keeps =
          e.dst().is64() && e.fromBits() == 32
              ? Range.INT
              : new Range(0, (1L << (e.fromBits() - 1)) - 1);
      if (v.within(keeps)) {
        // The contents already are their own extension: a full copy.
        return new Mov(e.dst(), e.src(), true, e.line());
      }
      return i;
    }
    if (i instanceof Branch br && br.a() instanceof Reg a && br.b() instanceof Imm k) {
      Boolean outcome =
          RangeTransfer.decide(RangeTransfer.get(state, a), br.cond(), k.value(), br.is64());
      if (outcome != null) {
        return new Jump(outcome ? br.ifTrue() : br.ifFalse(), br.line());
      }
    }
    return i;
  }
}
