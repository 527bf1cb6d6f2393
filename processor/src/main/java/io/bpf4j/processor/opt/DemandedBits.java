package io.bpf4j.processor.opt;

import io.bpf4j.processor.analysis.Liveness;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops sign extensions and masks whose result is only ever read in bits they leave alone. Java
 * keeps a {@code byte} field as a sign-extended int: each read of a scalar-replaced byte field is a
 * {@code (s8)}, even where the value only goes back into the field ({@code state.remaining--}) or
 * through {@code & 0xff}; the bits the extension sets are read by no one, so it goes, and the
 * arithmetic on such fields is plain 32-bit arithmetic, as C's {@code __u8} compiles.
 *
 * <p>Each definition's demanded bits are the union of what the instructions it reaches read of it
 * (a definition at a time, so a register redefined by its own mask, {@code x &= 0xff}, does not mix
 * what is read before and after the mask): an extension from k bits reads the low k, a store of n
 * bytes the low 8n, a mask {@code & K} only the bits of K its result is read in, addition,
 * subtraction, multiplication and left shifts the bits up to the highest demanded one, moves and
 * bitwise operations what their result is read in; anything else (a compare, an address, a helper
 * argument, a return) reads every bit, so what feeds the verifier's bounds keeps its masks. The
 * demands grow from nothing to a fixpoint, so a loop's register is settled with its loop.
 */
final class DemandedBits {
  private static final long ALL = -1L;

  private final Function f;
  private final Map<Insn, Block> blockOf = new HashMap<>();
  private final Map<Insn, Integer> indexOf = new HashMap<>();
  private final Map<Insn, List<Insn>> uses = new HashMap<>();
  private final Map<Insn, Long> demanded = new HashMap<>();
  private final Liveness liveness;

  private DemandedBits(Function f) {
    this.f = f;
    this.liveness = new Liveness(f);
  }

  /** Rewrites the extensions and masks nothing reads; returns whether anything changed. */
  static boolean run(Function f) {
    List<Insn> candidates = new ArrayList<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (isCandidate(i)) {
          candidates.add(i);
        }
      }
    }
    if (candidates.isEmpty()) {
      return false;
    }
    DemandedBits d = new DemandedBits(f);
    d.index();
    d.solve(candidates);
    return d.rewrite(candidates);
  }

  private static boolean isCandidate(Insn i) {
    if (i instanceof Ext e) {
      return tracked(e.dst()) && e.fromBits() < 64;
    }
    return i instanceof Alu a && a.op() == AluOp.AND && a.src() instanceof Imm && tracked(a.dst());
  }

  /** A register whose bits this pass reasons about: a virtual integer one. */
  private static boolean tracked(Reg r) {
    return !r.isFixed() && r.kind() != Reg.Kind.REF;
  }

  /** Whether {@code i} computes a tracked register from its operands' bits alone. */
  private static boolean passesBits(Insn i) {
    if (i instanceof Mov m) {
      return tracked(m.dst());
    }
    if (i instanceof Alu a) {
      return tracked(a.dst());
    }
    return i instanceof Ext e && tracked(e.dst());
  }

  private void index() {
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        blockOf.put(insns.get(k), b);
        indexOf.put(insns.get(k), k);
      }
    }
  }

  /** The instructions the value {@code def} writes may reach and read. */
  private List<Insn> usesOf(Insn def) {
    List<Insn> known = uses.get(def);
    if (known != null) {
      return known;
    }
    Reg r = def.defs().get(0);
    List<Insn> out = new ArrayList<>();
    Block b = blockOf.get(def);
    if (!scan(b, indexOf.get(def) + 1, r, out)) {
      Set<Block> seen = new HashSet<>();
      Deque<Block> work = new ArrayDeque<>(b.successors());
      while (!work.isEmpty()) {
        Block s = work.pop();
        // Where the register is dead on entry, no read of this value lies ahead.
        if (liveness.liveIn(s).get(r.id()) && seen.add(s) && !scan(s, 0, r, out)) {
          work.addAll(s.successors());
        }
      }
    }
    uses.put(def, out);
    return out;
  }

  /**
   * Adds the reads of {@code r} in {@code b} from {@code from}; true when {@code r} is redefined.
   */
  private static boolean scan(Block b, int from, Reg r, List<Insn> out) {
    List<Insn> insns = b.insns();
    for (int k = from; k < insns.size(); k++) {
      Insn i = insns.get(k);
      if (i.uses().contains(r)) {
        out.add(i);
      }
      if (i.defs().contains(r)) {
        return true;
      }
    }
    return false;
  }

  private void solve(List<Insn> candidates) {
    // The definitions whose demands the candidates' demands depend on: forward through the
    // instructions that pass bits on.
    Set<Insn> defs = new LinkedHashSet<>(candidates);
    Deque<Insn> work = new ArrayDeque<>(candidates);
    while (!work.isEmpty()) {
      for (Insn u : usesOf(work.pop())) {
        if (passesBits(u) && defs.add(u)) {
          work.add(u);
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Insn def : defs) {
        Reg r = def.defs().get(0);
        long need = 0;
        for (Insn u : usesOf(def)) {
          need |= reads(u, r);
          if (need == ALL) {
            break;
          }
        }
        if (need != demanded.getOrDefault(def, 0L)) {
          demanded.put(def, need);
          changed = true;
        }
      }
    }
  }

  /** The bits of {@code r} that {@code u} reads, given what is read of its own result. */
  private long reads(Insn u, Reg r) {
    if (u instanceof Ext e) {
      return low(e.fromBits());
    }
    if (u instanceof Store s) {
      return s.base() == r ? ALL : low(8 * s.size());
    }
    if (!passesBits(u)) {
      return ALL;
    }
    long result = demanded.getOrDefault(u, 0L);
    if (u instanceof Mov m) {
      return m.is64() ? result : result & low(32);
    }
    Alu a = (Alu) u;
    long width = a.dst().is64() ? ALL : low(32);
    long need = 0;
    if (a.dst() == r) {
      need |= readsAsDestination(a, result);
    }
    if (a.src() == r) {
      need |= readsAsSource(a, result);
    }
    return need & width;
  }

  private static long readsAsDestination(Alu a, long result) {
    return switch (a.op()) {
      case ADD, SUB, MUL -> upTo(result);
      case AND -> a.src() instanceof Imm k ? result & k.value() : result;
      case OR, XOR -> result;
      case LSH -> a.src() instanceof Imm k ? upTo(result >>> k.value()) : ALL;
      default -> ALL;
    };
  }

  private static long readsAsSource(Alu a, long result) {
    return switch (a.op()) {
      case ADD, SUB, MUL -> upTo(result);
      case AND, OR, XOR -> result;
      default -> ALL;
    };
  }

  /** The low {@code bits} bits. */
  private static long low(int bits) {
    return bits >= 64 ? ALL : (1L << bits) - 1;
  }

  /** Every bit up to the highest in {@code mask}: what a carry may bring up into it. */
  private static long upTo(long mask) {
    if (mask == 0) {
      return 0;
    }
    if (mask < 0) {
      return ALL;
    }
    return (Long.highestOneBit(mask) << 1) - 1;
  }

  private boolean rewrite(List<Insn> candidates) {
    boolean changed = false;
    for (Insn i : candidates) {
      long need = demanded.getOrDefault(i, 0L);
      List<Insn> insns = blockOf.get(i).insns();
      int at = insns.indexOf(i);
      if (i instanceof Ext e && (need & ~low(e.fromBits())) == 0) {
        insns.set(at, new Mov(e.dst(), e.src(), e.dst().is64(), e.line()));
        changed = true;
      } else if (i instanceof Alu a && (need & ~mask(a)) == 0 && need != 0) {
        insns.remove(at);
        changed = true;
      }
    }
    return changed;
  }

  /** The bits an {@code & K} keeps, as its width reads K. */
  private static long mask(Alu a) {
    long k = ((Imm) a.src()).value();
    return a.dst().is64() ? k : k & low(32);
  }
}
