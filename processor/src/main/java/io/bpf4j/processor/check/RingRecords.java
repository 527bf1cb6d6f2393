package io.bpf4j.processor.check;

import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.MapAddr;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The verifier's rule for ring buffer reservations, checked on a function's IR (after inlining and
 * the null checks, before optimization) so that javac reports it on a Java line: every record that
 * {@code RingBuf.reserve()} returned must be submitted or discarded on every path that did not find
 * it null, and not be used afterwards.
 *
 * <p>A forward dataflow over the blocks: which reservations each register may point to, and for
 * each reservation the states it may be in (not reserved or null, open, released), joined by union.
 * A null test of a register that points to one reservation takes it back to "not reserved" on the
 * null edge. A path that reaches an exit with a reservation open is reported on the reserve's line
 * (naming the failing statement when the exit is a failure: Java would have thrown there); a
 * dereference, store or call argument of a record that may be released is reported on its line.
 */
public final class RingRecords {
  private enum State {
    NONE,
    OPEN,
    RELEASED
  }

  /** A {@code reserve()} call: its line and the ring's name. */
  private record Site(int line, String ring) {}

  /** The facts at a program point. */
  private static final class Facts {
    final Map<Reg, Set<Integer>> holds = new HashMap<>();
    final Map<Integer, Set<State>> states = new HashMap<>();

    Facts copy() {
      Facts f = new Facts();
      holds.forEach((r, s) -> f.holds.put(r, new HashSet<>(s)));
      states.forEach((k, s) -> f.states.put(k, EnumSet.copyOf(s)));
      return f;
    }

    Set<State> state(int site) {
      return states.getOrDefault(site, EnumSet.of(State.NONE));
    }

    /** Joins {@code other} into this; true when this changed. */
    boolean join(Facts other) {
      boolean changed = false;
      for (Map.Entry<Reg, Set<Integer>> e : other.holds.entrySet()) {
        changed |= holds.computeIfAbsent(e.getKey(), k -> new HashSet<>()).addAll(e.getValue());
      }
      Set<Integer> sites = new HashSet<>(states.keySet());
      sites.addAll(other.states.keySet());
      for (int site : sites) {
        Set<State> mine = EnumSet.copyOf(state(site));
        if (mine.addAll(other.state(site)) || !states.containsKey(site)) {
          changed |= !mine.equals(states.get(site));
          states.put(site, mine);
        }
      }
      return changed;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Facts f && holds.equals(f.holds) && states.equals(f.states);
    }

    @Override
    public int hashCode() {
      return Objects.hash(holds, states);
    }
  }

  private final Function f;
  private final Map<Call, Integer> siteOfCall = new HashMap<>();
  private final List<Site> sites = new ArrayList<>();

  private RingRecords(Function f) {
    this.f = f;
  }

  /** Throws {@link CompileError} on the first violation found in {@code f}. */
  public static void check(Function f) {
    RingRecords check = new RingRecords(f);
    if (check.findSites()) {
      check.run();
    }
  }

  private boolean findSites() {
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        if (insns.get(k) instanceof Call c && c.helperId() == Helper.RINGBUF_RESERVE.id()) {
          siteOfCall.put(c, sites.size());
          sites.add(new Site(c.line(), ringName(insns, k)));
        }
      }
    }
    return !sites.isEmpty();
  }

  /** The map moved into r1 before the call at {@code k}. */
  private static String ringName(List<Insn> insns, int k) {
    for (int j = k - 1; j >= 0; j--) {
      if (insns.get(j) instanceof Mov m
          && m.dst().isFixed()
          && m.dst().fixed() == Register.R1
          && m.src() instanceof MapAddr map) {
        return map.mapName();
      }
    }
    return "the ring buffer";
  }

  private void run() {
    Map<Block, Facts> in = new LinkedHashMap<>();
    in.put(f.entry(), new Facts());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : f.blocks()) {
        Facts facts = in.get(b);
        if (facts == null) {
          continue;
        }
        Facts out = facts.copy();
        for (Insn insn : b.insns()) {
          transfer(insn, out);
        }
        for (Block s : b.successors()) {
          Facts edge = out.copy();
          nullEdge(b, s, edge);
          if (f.failureBlocks().contains(s)) {
            reportOpen(edge, b.terminator().line());
          }
          Facts old = in.get(s);
          if (old == null) {
            in.put(s, edge);
            changed = true;
          } else {
            changed |= old.join(edge);
          }
        }
      }
    }
  }

  /** On the edge where a register holding one reservation is null, that reservation is none. */
  private static void nullEdge(Block from, Block to, Facts edge) {
    if (!(from.terminator() instanceof Branch br)
        || !br.is64()
        || !(br.cond() == Cond.EQ || br.cond() == Cond.NE)
        || !(br.a() instanceof Reg r)
        || !(br.b() instanceof Imm i && i.value() == 0)
        || br.ifTrue() == br.ifFalse()) {
      return;
    }
    Block nullTarget = br.cond() == Cond.EQ ? br.ifTrue() : br.ifFalse();
    Set<Integer> held = edge.holds.get(r);
    if (to == nullTarget && held != null && held.size() == 1) {
      edge.states.put(held.iterator().next(), EnumSet.of(State.NONE));
    }
  }

  private void transfer(Insn insn, Facts facts) {
    if (insn instanceof Call c) {
      call(c, facts);
      return;
    }
    if (insn instanceof Exit) {
      reportOpen(facts, 0);
      return;
    }
    Reg base = null;
    if (insn instanceof Load l && l.base() instanceof Reg r) {
      base = r;
    } else if (insn instanceof Store s) {
      base = s.base() instanceof Reg r ? r : null;
      if (s.src() instanceof Reg v && !held(facts, v).isEmpty()) {
        throw new CompileError(
            s.line(), Messages.ringRecordEscapes("stored in a field, an array or a map"));
      }
    } else if (insn instanceof AtomicOp a && a.base() instanceof Reg r) {
      base = r;
    }
    if (base != null) {
      requireUsable(facts, base, insn.line());
    }
    if (insn instanceof Mov m && m.src() instanceof Reg src) {
      if (m.dst().isFixed() && m.dst().fixed() != Register.R0) {
        // An argument of the call that follows: a use of the record.
        requireUsable(facts, src, m.line());
      }
      if (m.src().equals(m.dst())) {
        return;
      }
      Set<Integer> held = held(facts, src);
      if (held.isEmpty()) {
        facts.holds.remove(m.dst());
      } else {
        facts.holds.put(m.dst(), new HashSet<>(held));
      }
      return;
    }
    for (Reg d : insn.defs()) {
      facts.holds.remove(d);
    }
  }

  private void call(Call c, Facts facts) {
    Integer reserved = siteOfCall.get(c);
    int helper = c.helperId();
    if (c.function() != null) {
      for (Reg arg : c.argRegs()) {
        if (!held(facts, arg).isEmpty()) {
          throw new CompileError(
              c.line(), Messages.ringRecordEscapes("passed to a method that is not inlined"));
        }
      }
    } else if (helper == Helper.RINGBUF_SUBMIT.id() || helper == Helper.RINGBUF_DISCARD.id()) {
      for (int site : held(facts, c.argRegs().get(0))) {
        Set<State> s = EnumSet.copyOf(facts.state(site));
        if (s.remove(State.OPEN)) {
          s.add(State.RELEASED);
        }
        facts.states.put(site, s);
      }
    } else if (helper == Helper.TAIL_CALL.id()) {
      reportOpen(facts, c.line());
    }
    for (Reg d : c.defs()) {
      facts.holds.remove(d);
    }
    if (reserved != null) {
      if (facts.state(reserved).contains(State.OPEN)) {
        // Reserved again (a loop) while the previous record may still be open.
        throw leak(reserved, 0);
      }
      facts.states.put(reserved, EnumSet.of(State.OPEN));
      // r0 holds the record until the move after the call copies it out.
      facts.holds.put(f.fixed(Register.R0), new HashSet<>(Set.of(reserved)));
    }
  }

  private static Set<Integer> held(Facts facts, Reg r) {
    return facts.holds.getOrDefault(r, Set.of());
  }

  private void requireUsable(Facts facts, Reg r, int line) {
    for (int site : held(facts, r)) {
      if (facts.state(site).contains(State.RELEASED)) {
        throw new CompileError(line, Messages.ringRecordUsedAfterRelease());
      }
    }
  }

  /** Reports a reservation that may be open here; {@code failureLine} > 0 at a failure's edge. */
  private void reportOpen(Facts facts, int failureLine) {
    for (int site = 0; site < sites.size(); site++) {
      if (facts.state(site).contains(State.OPEN)) {
        throw leak(site, failureLine);
      }
    }
  }

  private CompileError leak(int site, int failureLine) {
    Site s = sites.get(site);
    return new CompileError(
        s.line(),
        failureLine > 0
            ? Messages.ringRecordLeakedOnFailure(s.ring(), failureLine)
            : Messages.ringRecordLeaked(s.ring()));
  }
}
