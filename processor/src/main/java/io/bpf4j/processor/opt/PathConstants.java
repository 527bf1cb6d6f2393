package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;

/**
 * Registers that hold a constant on every path, though not the same one on all paths: {@code off =
 * 14}, then {@code off += 4} in one arm of a branch, is 14 or 18 where the arms meet. The verifier
 * walks each path with its own state, so on each it knows the exact value, and adds such a value to
 * a packet pointer as it adds an immediate: the pointer keeps the bounds its packet pointer was
 * checked for (a value it knows only as a range makes a new pointer that must be checked again).
 * Only values the verifier computes exactly count: immediates, copies, sign extensions and the ALU
 * operations it folds for constants; never a load, a quotient or a remainder. Sets hold at most
 * {@link #MAX} values; a larger one, or one still growing around a loop, is unknown.
 */
final class PathConstants {
  static final int MAX = 8;

  private final Map<Block, Map<Reg, long[]>> in = new HashMap<>();

  private PathConstants() {}

  /**
   * The values the register read by each instruction of {@code wanted} may hold there, for the
   * instructions where it is a path constant: keyed by instruction identity.
   */
  Map<Insn, long[]> at(Function f, Predicate<Insn> wanted) {
    Map<Insn, long[]> found = new IdentityHashMap<>();
    for (Block b : f.blocks()) {
      Map<Reg, long[]> entry = in.get(b);
      if (entry == null) {
        continue;
      }
      Map<Reg, long[]> state = new HashMap<>(entry);
      for (Insn i : b.insns()) {
        if (wanted.test(i) && i instanceof Alu a && a.src() instanceof Reg r) {
          long[] v = state.get(r);
          if (v != null) {
            found.put(i, v);
          }
        }
        step(i, state);
      }
    }
    return found;
  }

  /** The path constants of {@code f} as it is now. */
  static PathConstants solve(Function f) {
    PathConstants p = new PathConstants();
    p.run(f);
    return p;
  }

  /**
   * The values {@code r} may hold as {@code p} passes control to {@code s} (after p's last
   * instruction, on that edge), or null when it is not a path constant there. Stays sound while
   * edges are only removed or redirected to copies, since that only takes paths away.
   */
  long[] onEdge(Block p, Block s, Reg r) {
    Map<Reg, long[]> entry = in.get(p);
    if (entry == null) {
      return null;
    }
    Map<Reg, long[]> state = new HashMap<>(entry);
    for (Insn i : p.insns()) {
      step(i, state);
    }
    if (p.terminator() instanceof Branch br && br.ifTrue() != br.ifFalse()) {
      refine(br, s == br.ifTrue(), state);
    }
    return state.get(r);
  }

  private void run(Function f) {
    // Blocks in reverse postorder, lowest pending index first: outside loops a block's
    // predecessors are all joined before it is visited, so most blocks are visited once.
    List<Block> order = ValueRanges.reversePostorder(f);
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
      Map<Reg, long[]> state = new HashMap<>(in.get(b));
      for (Insn i : b.insns()) {
        step(i, state);
      }
      Insn t = b.insns().isEmpty() ? null : b.terminator();
      for (Block s : b.successors()) {
        Map<Reg, long[]> edge = state;
        if (t instanceof Branch br && br.ifTrue() != br.ifFalse()) {
          edge = new HashMap<>(state);
          refine(br, s == br.ifTrue(), edge);
        }
        Map<Reg, long[]> old = in.get(s);
        Map<Reg, long[]> joined = old == null ? new HashMap<>(edge) : join(old, edge);
        if (old == null || !same(old, joined)) {
          in.put(s, joined);
          pending.set(index.get(s));
        }
      }
    }
  }

  /** {@code a == k} taken makes {@code a} the constant k, as it does for the verifier. */
  private static void refine(Branch br, boolean taken, Map<Reg, long[]> edge) {
    Cond c = taken ? br.cond() : br.cond().negate();
    if (c == Cond.EQ && br.a() instanceof Reg a && br.b() instanceof Imm k) {
      long v = br.is64() ? k.value() : k.value() & 0xffff_ffffL;
      long[] held = edge.get(a);
      if (br.is64() || held == null || Arrays.stream(held).allMatch(x -> x == (x & 0xffff_ffffL))) {
        edge.put(a, new long[] {v});
      }
    }
  }

  private static Map<Reg, long[]> join(Map<Reg, long[]> a, Map<Reg, long[]> b) {
    Map<Reg, long[]> out = new HashMap<>();
    for (Map.Entry<Reg, long[]> e : a.entrySet()) {
      long[] other = b.get(e.getKey());
      if (other != null) {
        long[] u = union(e.getValue(), other);
        if (u != null) {
          out.put(e.getKey(), u);
        }
      }
    }
    return out;
  }

  private static boolean same(Map<Reg, long[]> a, Map<Reg, long[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<Reg, long[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The sorted union, or null when it has more than {@link #MAX} values. */
  private static long[] union(long[] a, long[] b) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    long[] out = new long[a.length + b.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      long x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
      if (n == 0 || out[n - 1] != x) {
        out[n++] = x;
      }
    }
    return n > MAX ? null : Arrays.copyOf(out, n);
  }

  private static void step(Insn i, Map<Reg, long[]> state) {
    long[] result = result(i, state);
    for (Reg d : i.defs()) {
      state.remove(d);
    }
    if (result != null) {
      state.put(i.defs().get(0), result);
    }
  }

  private static long[] values(Operand o, Map<Reg, long[]> state) {
    if (o instanceof Imm k) {
      return new long[] {k.value()};
    }
    return o instanceof Reg r ? state.get(r) : null;
  }

  private static long[] result(Insn i, Map<Reg, long[]> state) {
    if (i instanceof Mov m) {
      long[] v = values(m.src(), state);
      if (v == null || m.is64()) {
        return v;
      }
      boolean fits = Arrays.stream(v).allMatch(x -> x == (x & 0xffff_ffffL));
      if (m.src() instanceof Imm || fits || m.truncates()) {
        return map(v, x -> x & 0xffff_ffffL);
      }
      return null; // a move that may be coalesced away would not truncate
    }
    if (i instanceof Ext e) {
      long[] v = state.get(e.src());
      if (v == null) {
        return null;
      }
      int shift = 64 - e.fromBits();
      return map(
          v, x -> e.dst().is64() ? (x << shift) >> shift : ((x << shift) >> shift) & 0xffff_ffffL);
    }
    if (i instanceof Alu a) {
      long[] x = state.get(a.dst());
      long[] y = values(a.src(), state);
      if (x == null || y == null) {
        return null;
      }
      if (x.length * y.length > MAX * MAX) {
        return null;
      }
      long[] out = new long[x.length * y.length];
      int n = 0;
      for (long p : x) {
        for (long q : y) {
          Long r = apply(a, p, q);
          if (r == null) {
            return null;
          }
          out[n++] = r;
        }
      }
      long[] distinct = Arrays.stream(out).distinct().sorted().toArray();
      return distinct.length > MAX ? null : distinct;
    }
    return null;
  }

  private static long[] map(long[] v, LongUnaryOperator f) {
    return Arrays.stream(v).map(f).distinct().sorted().toArray();
  }

  /** {@code p op q} as the BPF instruction computes it, or null for operations not folded. */
  private static Long apply(Alu a, long p, long q) {
    boolean is64 = a.dst().is64();
    int bits = is64 ? 63 : 31;
    long x = is64 ? p : p & 0xffff_ffffL;
    long y = is64 ? q : q & 0xffff_ffffL;
    if (a.op() == AluOp.DIV || a.op() == AluOp.MOD) {
      return null; // the verifier does not fold them
    }
    long r =
        switch (a.op()) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case AND -> x & y;
          case OR -> x | y;
          case XOR -> x ^ y;
          case LSH -> x << (y & bits);
          case RSH -> x >>> (y & bits);
          case ARSH -> is64 ? x >> (y & bits) : (long) ((int) x >> (y & bits));
          default -> throw new IllegalStateException(a.op().toString());
        };
    return is64 ? r : r & 0xffff_ffffL;
  }
}
