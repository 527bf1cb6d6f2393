package io.bpf4j.processor.opt;

import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import io.bpf4j.processor.opt.PacketFacts.Checked;
import io.bpf4j.processor.opt.PacketFacts.Derived;
import io.bpf4j.processor.opt.PacketFacts.Field;
import io.bpf4j.processor.opt.PacketFacts.Sum;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reuses what dominating code already established about the packet: a context field loaded before
 * ({@code data}, {@code data_end}, {@code len}) is read from the register that holds it instead of
 * loaded again, and a bounds check {@code p + n > data_end} is dropped where a check of at least as
 * many bytes from the same {@code data} already passed ({@code p} may be {@code data} plus a
 * constant, or plus a {@link PathConstants path constant} checked at its largest value: the
 * verifier follows constant offsets from a checked pointer). A length test {@code length() < K}
 * whose K only became a constant in the optimizer becomes the pointer test {@code data + K >
 * data_end} here, as the frontend makes it for a literal K. Facts flow forward, are intersected
 * where paths meet, and die when their registers are written, or at a call of a helper that may
 * move the packet ({@link Helper#changesPacketData}, a tail call, a helper this compiler does not
 * know, or a BPF-to-BPF call): other helpers leave the kernel's packet pointers valid. Facts stay
 * across LD_ABS / LD_IND, so that the slow way of one tc read does not hide a dominating check from
 * the reads after it ({@link DirectPacketArms}).
 */
final class PacketChecks {
  /**
   * A branch {@code if (data + var + n > dataEnd) fail}, n between {@code least - var} and so on.
   */
  private record Test(
      Reg data, Reg dataEnd, Reg var, long offset, long least, long most, long base) {}

  /**
   * Derived pointers and int sums kept at most, the oldest forgotten first: a check and the reads
   * it covers are close together, and facts about every int of a large method made each step and
   * meet cost as much as the method.
   */
  private static final int MAX_KEPT = 24;

  private final Function f;
  private final Reg ctx;
  private final Map<Block, PacketFacts> in = new HashMap<>();
  private final LengthTests lengthTests;

  // The analyses below are made on first need: most functions read the packet at constant offsets
  // only and never need them.
  private PathConstants constants;
  private ValueRanges ranges;

  /** The values a register added to a packet pointer may hold, where it is a path constant. */
  private Map<Insn, long[]> addends;

  /** What a register added to a packet pointer may hold, where it is not a path constant. */
  private Map<Insn, Range> addendRanges;

  private PacketChecks(Function f, Reg ctx) {
    this.f = f;
    this.ctx = ctx;
    this.lengthTests = new LengthTests(f, this::constants, this::ranges);
  }

  private PathConstants constants() {
    if (constants == null) {
      constants = PathConstants.solve(f);
    }
    return constants;
  }

  private ValueRanges ranges() {
    if (ranges == null) {
      ranges = ValueRanges.solved(f);
    }
    return ranges;
  }

  private static boolean addsToPointer(Insn i) {
    return i instanceof Alu a && a.op() == AluOp.ADD && a.dst().kind() == Reg.Kind.REF;
  }

  private long[] addend(Insn i) {
    if (addends == null) {
      addends = constants().at(f, PacketChecks::addsToPointer);
    }
    return addends.get(i);
  }

  private Range addendRange(Insn i) {
    if (addendRanges == null) {
      addend(i);
      addendRanges = ranges().sources(x -> addsToPointer(x) && !addends.containsKey(x));
    }
    return addendRanges.get(i);
  }

  static void run(Function f) {
    Reg ctx = f.context();
    if (ctx == null || !Definitions.single(f).containsKey(ctx) || Definitions.entryIsLoopHead(f)) {
      return;
    }
    PacketChecks p = new PacketChecks(f, ctx);
    p.solve();
    p.rewrite();
  }

  private void solve() {
    in.put(f.entry(), PacketFacts.none());
    Deque<Block> work = new ArrayDeque<>(List.of(f.entry()));
    while (!work.isEmpty()) {
      Block b = work.pop();
      PacketFacts facts = in.get(b).copy();
      for (Insn i : b.insns()) {
        step(i, facts);
      }
      for (Block s : b.successors()) {
        PacketFacts edge = facts.copy();
        if (!b.insns().isEmpty()
            && b.terminator() instanceof Branch br
            && s == br.ifFalse()
            && br.ifTrue() != br.ifFalse()) {
          Test t = testOf(br, facts);
          if (t != null && t.least() > 0) {
            edge.addCheck(Checked.constant(t.data(), t.dataEnd(), t.least()));
          }
          if (t != null && t.var() != null && t.offset() > 0) {
            edge.addCheck(
                new Checked(
                    t.data(),
                    t.dataEnd(),
                    t.var(),
                    t.offset(),
                    (Reg) br.a(),
                    t.offset(),
                    t.base()));
          }
        }
        PacketFacts old = in.get(s);
        PacketFacts joined = old == null ? edge : old.meet(edge);
        if (!joined.equals(old)) {
          in.put(s, joined);
          work.add(s);
        }
      }
    }
  }

  private void step(Insn i, PacketFacts facts) {
    // An LD_ABS / LD_IND reads without moving the packet (the verifier keeps packet pointers
    // across it, unlike across a call), so the checks made before still hold after it.
    if (i instanceof Call c && mayMovePacket(c)) {
      facts.clear();
    } else if (i instanceof Call) {
      // Other helpers may still write context fields (bpf_set_hash writes skb->hash,
      // bpf_skb_change_type skb->pkt_type): only the pointers of a passed bounds check and the
      // field at offset 0 (xdp_md.data, __sk_buff.len) are kept across them.
      facts.fields().removeIf(x -> !packetField(x, facts));
    }
    if (i instanceof Store st && st.base() == ctx) {
      // The program writes a context field itself (skb->mark = x): an earlier load is stale.
      facts
          .fields()
          .removeIf(
              x -> x.offset() < st.offset() + st.size() && st.offset() < x.offset() + x.size());
    }
    Derived next = derived(i, facts);
    Sum sum = sum(i, facts);
    for (Reg d : i.defs()) {
      facts.written(d);
    }
    if (i instanceof Load l && l.base() == ctx && !l.dst().isFixed()) {
      Field held = field(facts, l);
      if (held == null) {
        facts.fields().add(new Field(l.offset(), l.size(), l.signed(), l.dst()));
      } else {
        // The same field loaded again holds the same value: an alias of the first register.
        next = new Derived(l.dst(), held.value(), null, 0, 0, 0, PacketFacts.ANY_BASE);
      }
    }
    if (next != null && next.reg() != next.root()) {
      facts.derived().add(next);
      if (facts.derived().size() > MAX_KEPT) {
        facts.derived().remove(0);
      }
    }
    if (sum != null) {
      facts.sums().add(sum);
      if (facts.sums().size() > MAX_KEPT) {
        facts.sums().remove(0);
      }
    }
  }

  /** The pointer {@code i} computes from a field's register, or null. */
  private Derived derived(Insn i, PacketFacts facts) {
    if (i instanceof Mov m && m.is64() && m.src() instanceof Reg s) {
      Derived from = facts.derivedOf(s);
      return from == null
          ? null
          : new Derived(
              m.dst(),
              from.root(),
              from.var(),
              from.offset(),
              from.least(),
              from.most(),
              from.base());
    }
    if (!(i instanceof Alu a) || a.op() != AluOp.ADD || a.dst().kind() != Reg.Kind.REF) {
      return null;
    }
    Derived from = facts.derivedOf(a.dst());
    if (from == null) {
      return null;
    }
    if (a.src() instanceof Imm k) {
      long v = k.value();
      return new Derived(
          a.dst(),
          from.root(),
          from.var(),
          from.offset() + v,
          from.least() + v,
          from.most() + v,
          from.base());
    }
    if (!(a.src() instanceof Reg off)) {
      return null;
    }
    long[] added = addend(i);
    if (added == null) {
      return varying(a, from, off, facts);
    }
    long least = from.least() + added[0];
    long most = from.most() + added[added.length - 1];
    // The offset as an int plus a constant, when it is one: checks made at other constants from
    // the same int then cover each other (the int is the same on every path they share).
    Sum s = facts.sumOf(off);
    boolean exact =
        from.var() == null
            && from.least() == from.most()
            && added[0] >= 0
            && added[added.length - 1] <= 0xffff
            && s.offset() <= added[0];
    return exact
        ? new Derived(
            a.dst(),
            from.root(),
            s.var(),
            from.least() + s.offset(),
            least,
            most,
            PacketFacts.ANY_BASE)
        : new Derived(a.dst(), from.root(), null, 0, least, most, PacketFacts.ANY_BASE);
  }

  /**
   * {@code data + off} where {@code off} varies on a path but stays from 0 to 0xffff: symbolic only
   * (no constant bounds, which the verifier would not give this pointer), so that a check through
   * it covers the reads from the same int that are rewritten to go through it.
   */
  /**
   * Constant bounds of a pointer that has none for the verifier: far enough from zero that no
   * constant added to them makes a check of them establish or cover anything.
   */
  private static final long NO_LEAST = Long.MIN_VALUE / 2;

  private static final long NO_MOST = Long.MAX_VALUE / 2;

  private Derived varying(Alu a, Derived from, Reg off, PacketFacts facts) {
    Range r = addendRange(a);
    Sum s = facts.sumOf(off);
    if (r == null
        || from.var() != null
        || from.least() != from.most()
        || !r.within(new Range(0, 0xffff))
        || s.offset() > r.lo()) {
      return null;
    }
    long offset = from.least() + s.offset();
    return new Derived(a.dst(), from.root(), s.var(), offset, NO_LEAST, NO_MOST, offset);
  }

  /** The int {@code i} computes as another int plus a constant, or null. */
  private static Sum sum(Insn i, PacketFacts facts) {
    if (i instanceof Mov m
        && !m.is64()
        && m.src() instanceof Reg s
        && !s.is64()
        && !s.isFixed()
        && !m.dst().isFixed()) {
      Sum from = facts.sumOf(s);
      return new Sum(m.dst(), from.var(), from.offset());
    }
    if (i instanceof Alu a
        && a.op() == AluOp.ADD
        && !a.dst().is64()
        && !a.dst().isFixed()
        && a.src() instanceof Imm k) {
      Sum from = facts.sumOf(a.dst());
      if (from.var() != a.dst() && k.value() >= 0 && from.offset() + k.value() <= 0xffff) {
        return new Sum(a.dst(), from.var(), from.offset() + k.value());
      }
    }
    return null;
  }

  /**
   * Whether a call may move or resize the packet, so that the kernel forgets every packet pointer
   * and bounds check made before it.
   */
  private static boolean mayMovePacket(Call c) {
    Helper h = c.function() == null ? Helper.of(c.helperId()) : null;
    return h == null || h.changesPacketData() || h == Helper.TAIL_CALL;
  }

  /** Whether a field only a helper that changes packet data can change. */
  private static boolean packetField(Field x, PacketFacts facts) {
    if (x.size() == 4 && x.offset() == 0) {
      return true;
    }
    for (Checked c : facts.checks()) {
      if (c.data() == x.value() || c.dataEnd() == x.value()) {
        return true;
      }
    }
    return false;
  }

  private static Field field(PacketFacts facts, Load l) {
    for (Field x : facts.fields()) {
      if (x.offset() == l.offset() && x.size() == l.size() && x.signed() == l.signed()) {
        return x;
      }
    }
    return null;
  }

  /**
   * The test a branch makes when it is {@code if (limit > dataEnd) fail} with {@code limit} a
   * field's register ({@code data}) plus a path constant: its false edge knows {@code data + least
   * <= dataEnd}, and a dominating check of {@code most} bytes makes it redundant.
   */
  private static Test testOf(Branch br, PacketFacts facts) {
    if (br.cond() != Cond.UGT
        || !br.is64()
        || !(br.a() instanceof Reg limit)
        || !(br.b() instanceof Reg dataEnd)) {
      return null;
    }
    Derived d = facts.derivedOf(limit);
    if (d == null || (d.least() < 0 && d.var() == null)) {
      return null;
    }
    Derived end = facts.derivedOf(dataEnd);
    Reg endRoot =
        end != null && end.var() == null && end.least() == 0 && end.most() == 0
            ? end.root()
            : dataEnd;
    return new Test(d.root(), endRoot, d.var(), d.offset(), d.least(), d.most(), d.base());
  }

  private void rewrite() {
    for (Block b : f.blocks()) {
      PacketFacts entry = in.get(b);
      if (entry == null || b.insns().isEmpty()) {
        continue;
      }
      PacketFacts facts = entry.copy();
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        Insn i = insns.get(k);
        if (i instanceof Load l && l.base() == ctx) {
          for (Field x : facts.fields()) {
            if (x.offset() == l.offset() && x.size() == l.size() && x.signed() == l.signed()) {
              i = new Mov(l.dst(), x.value(), true, l.line());
              insns.set(k, i);
              break;
            }
          }
        }
        if (i instanceof Branch br) {
          List<Insn> pointerTest = lengthTests.pointerTest(b, k, br, facts);
          if (pointerTest != null) {
            insns.remove(k);
            insns.addAll(k, pointerTest);
            i = insns.get(k);
          }
        }
        if (i instanceof Branch br) {
          Test t = testOf(br, facts);
          Checked by = t == null || t.most() <= 0 ? null : covering(facts, t);
          List<Insn> through =
              by == null || by.pointer() == null
                  ? List.of()
                  : throughPointer(facts, t, by, br.line());
          if (by != null && through != null) {
            insns.set(k, new Jump(br.ifFalse(), br.line()));
            insns.addAll(k, through);
            k += through.size();
            continue;
          }
        }
        if (i instanceof Call c && loadsCheckedBytes(insns, k, c, facts)) {
          c.markCannotFail();
        }
        step(i, facts);
      }
    }
  }

  /**
   * The constant {@code o} is at {@code insns[at]}: an immediate, or a register set from one by
   * moves earlier in the block; -1 when it is not known.
   */
  private static long constantBefore(List<Insn> insns, int at, Operand o) {
    for (int k = at - 1; k >= 0 && o instanceof Reg r; k--) {
      Insn i = insns.get(k);
      if (i.defs().contains(r)) {
        if (!(i instanceof Mov m) || m.truncates()) {
          return -1;
        }
        o = m.src();
      }
    }
    return o instanceof Imm v ? v.value() : -1;
  }

  /**
   * Whether {@code c} is a {@code bpf_xdp_load_bytes} of constant offset and size set right before
   * it, from bytes a passed check covers: the helper then cannot fail.
   */
  private boolean loadsCheckedBytes(List<Insn> insns, int at, Call c, PacketFacts facts) {
    if (c.function() != null
        || Helper.of(c.helperId()) != Helper.XDP_LOAD_BYTES
        || c.argRegs().size() < 4) {
      return false;
    }
    long offset = constantBefore(insns, at, c.argRegs().get(1));
    long size = constantBefore(insns, at, c.argRegs().get(3));
    if (HelperFilledBuffers.argumentValue(insns, at, c.argRegs().get(0)) != ctx
        || offset < 0
        || size < 1) {
      return false;
    }
    for (Checked x : facts.checks()) {
      Field start = facts.fieldHeldBy(x.data());
      Field end = facts.fieldHeldBy(x.dataEnd());
      if (x.var() == null
          && start != null
          && end != null
          && ContextType.withPacketPointersAt(start.offset(), end.offset()) == ContextType.XDP_MD
          && x.bytes() >= offset + size) {
        return true;
      }
    }
    return false;
  }

  /**
   * The passed check that covers {@code t}, or null: one at a constant offset of at least its
   * largest bytes, or one from the same offset register of at least its constant part.
   */
  private static Checked covering(PacketFacts facts, Test t) {
    for (Checked x : facts.checks()) {
      if (x.data() != t.data() || x.dataEnd() != t.dataEnd()) {
        continue;
      }
      if (x.var() == null ? x.bytes() >= t.most() : x.var() == t.var() && x.bytes() >= t.offset()) {
        return x;
      }
    }
    return null;
  }

  /**
   * Re-derives every pointer {@code data + var + c} held now from the checked pointer of {@code
   * by}, so that the verifier sees the reads through the pointer it learned the bounds for; null
   * when one of them is below that pointer's base (the verifier allows no access there).
   */
  private static List<Insn> throughPointer(PacketFacts facts, Test t, Checked by, int line) {
    List<Insn> out = new ArrayList<>();
    for (Derived d : facts.derived()) {
      if (d.root() != t.data()
          || d.var() != t.var()
          || d.reg() == by.pointer()
          || d.reg().isFixed()) {
        continue;
      }
      if (d.offset() < by.base()) {
        return null;
      }
      out.add(new Mov(d.reg(), by.pointer(), true, line));
      long delta = d.offset() - by.pointerOffset();
      if (delta != 0) {
        out.add(new Alu(AluOp.ADD, false, d.reg(), new Imm(delta), line));
      }
    }
    return out;
  }
}
