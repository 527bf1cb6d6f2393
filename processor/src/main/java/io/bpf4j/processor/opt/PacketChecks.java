package io.bpf4j.processor.opt;

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
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
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
  /** A context field at {@code offset} (of {@code size} bytes) held by {@code value}. */
  private record Field(int offset, int size, boolean signed, Reg value) {}

  /** {@code data + bytes <= dataEnd} holds. */
  private record Checked(Reg data, Reg dataEnd, long bytes) {}

  /**
   * {@code reg} holds {@code root + offset}, {@code root} a context field's register and {@code
   * offset} one of the constants from {@code least} to {@code most} ({@link PathConstants}).
   */
  private record Derived(Reg reg, Reg root, long least, long most) {}

  /**
   * A branch {@code if (data + n > dataEnd) fail} for some n from {@code least} to {@code most}.
   */
  private record Test(Reg data, Reg dataEnd, long least, long most) {}

  /**
   * What holds on entry to a block. There is at most one check per pair of pointers (the largest
   * size known), so that meeting facts only ever drops checks or lowers their sizes and the
   * fixpoint is reached: a product of all pairs of checks grew without bound around loops.
   */
  private record Facts(List<Field> fields, List<Checked> checks, List<Derived> derived) {
    Facts copy() {
      return new Facts(new ArrayList<>(fields), new ArrayList<>(checks), new ArrayList<>(derived));
    }

    Facts meet(Facts o) {
      List<Field> f = new ArrayList<>(fields);
      f.retainAll(o.fields);
      List<Derived> d = new ArrayList<>(derived);
      d.retainAll(o.derived);
      List<Checked> c = new ArrayList<>();
      for (Checked a : checks) {
        Checked b = o.check(a.data(), a.dataEnd());
        if (b != null) {
          c.add(new Checked(a.data(), a.dataEnd(), Math.min(a.bytes(), b.bytes())));
        }
      }
      return new Facts(f, c, d);
    }

    void clear() {
      fields.clear();
      checks.clear();
      derived.clear();
    }

    /** What {@code r} holds as a field's register plus a constant, or null. */
    Derived derivedOf(Reg r) {
      for (Derived d : derived) {
        if (d.reg() == r) {
          return d;
        }
      }
      for (Field x : fields) {
        if (x.value() == r) {
          return new Derived(r, r, 0, 0);
        }
      }
      return null;
    }

    Field fieldHeldBy(Reg r) {
      for (Field x : fields) {
        if (x.value() == r) {
          return x;
        }
      }
      return null;
    }

    Checked check(Reg data, Reg dataEnd) {
      for (Checked c : checks) {
        if (c.data() == data && c.dataEnd() == dataEnd) {
          return c;
        }
      }
      return null;
    }

    /** Adds {@code data + bytes <= dataEnd}, keeping the larger of two checks on one pair. */
    void addCheck(Checked c) {
      Checked old = check(c.data(), c.dataEnd());
      if (old == null) {
        checks.add(c);
      } else if (c.bytes() > old.bytes()) {
        checks.set(checks.indexOf(old), c);
      }
    }
  }

  private final Function f;
  private final Reg ctx;
  private final Map<Block, Facts> in = new HashMap<>();

  /** The values a register added to a packet pointer may hold, where it is a path constant. */
  private final Map<Insn, long[]> addends;

  private PacketChecks(Function f, Reg ctx) {
    this.f = f;
    this.ctx = ctx;
    this.addends =
        PathConstants.at(
            f, i -> i instanceof Alu a && a.op() == AluOp.ADD && a.dst().kind() == Reg.Kind.REF);
  }

  static void run(Function f) {
    Reg ctx = f.context();
    if (ctx == null || !writtenOnce(f, ctx) || Definitions.entryIsLoopHead(f)) {
      return;
    }
    PacketChecks p = new PacketChecks(f, ctx);
    p.solve();
    p.rewrite();
  }

  private void solve() {
    in.put(f.entry(), new Facts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    Deque<Block> work = new ArrayDeque<>(List.of(f.entry()));
    while (!work.isEmpty()) {
      Block b = work.pop();
      Facts facts = in.get(b).copy();
      for (Insn i : b.insns()) {
        step(i, facts);
      }
      for (Block s : b.successors()) {
        Facts edge = facts.copy();
        if (!b.insns().isEmpty() && b.terminator() instanceof Branch br) {
          Test t = testOf(br, facts);
          if (t != null && t.least() > 0 && s == br.ifFalse() && br.ifTrue() != br.ifFalse()) {
            edge.addCheck(new Checked(t.data(), t.dataEnd(), t.least()));
          }
        }
        Facts old = in.get(s);
        Facts joined = old == null ? edge : old.meet(edge);
        if (!joined.equals(old)) {
          in.put(s, joined);
          work.add(s);
        }
      }
    }
  }

  private void step(Insn i, Facts facts) {
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
    Derived next = null;
    if (i instanceof Mov m && m.is64() && m.src() instanceof Reg s) {
      Derived from = facts.derivedOf(s);
      next = from == null ? null : new Derived(m.dst(), from.root(), from.least(), from.most());
    } else if (i instanceof Alu a && a.op() == AluOp.ADD && a.dst().kind() == Reg.Kind.REF) {
      Derived from = facts.derivedOf(a.dst());
      long[] added = a.src() instanceof Imm k ? new long[] {k.value()} : addends.get(i);
      next =
          from == null || added == null
              ? null
              : new Derived(
                  a.dst(),
                  from.root(),
                  from.least() + added[0],
                  from.most() + added[added.length - 1]);
    }
    for (Reg d : i.defs()) {
      facts.fields().removeIf(x -> x.value() == d);
      facts.checks().removeIf(x -> x.data() == d || x.dataEnd() == d);
      facts.derived().removeIf(x -> x.reg() == d || x.root() == d);
    }
    if (i instanceof Load l && l.base() == ctx && !l.dst().isFixed()) {
      Field held = field(facts, l);
      if (held == null) {
        facts.fields().add(new Field(l.offset(), l.size(), l.signed(), l.dst()));
      } else {
        // The same field loaded again holds the same value: an alias of the first register.
        next = new Derived(l.dst(), held.value(), 0, 0);
      }
    }
    if (next != null && next.reg() != next.root()) {
      facts.derived().add(next);
    }
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
  private static boolean packetField(Field x, Facts facts) {
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

  private static Field field(Facts facts, Load l) {
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
  private static Test testOf(Branch br, Facts facts) {
    if (br.cond() != Cond.UGT
        || !br.is64()
        || !(br.a() instanceof Reg limit)
        || !(br.b() instanceof Reg dataEnd)) {
      return null;
    }
    Derived d = facts.derivedOf(limit);
    if (d == null || d.least() < 0) {
      return null;
    }
    Derived end = facts.derivedOf(dataEnd);
    Reg endRoot = end != null && end.least() == 0 && end.most() == 0 ? end.root() : dataEnd;
    return new Test(d.root(), endRoot, d.least(), d.most());
  }

  /**
   * {@code if (length K) ...} where {@code length = (int) (dataEnd - data)} was computed in this
   * block from the packet pointers (still valid: both are fields' registers here) and K is a
   * constant from 1 to 0xffff: the same test as {@code data + K' > data_end} (K' = K, or K + 1 for
   * {@code >} and {@code <=}), which teaches the verifier the bytes that may be read. Returns the
   * instructions that replace the branch, or null.
   */
  private List<Insn> lengthTest(List<Insn> insns, int at, Branch br, Facts facts) {
    if (br.is64() || !(br.a() instanceof Reg len) || !(br.b() instanceof Imm k)) {
      return null;
    }
    long bytes =
        switch (br.cond()) {
          case SLT, SGE -> k.value();
          case SGT, SLE -> k.value() + 1;
          default -> -1;
        };
    if (bytes < 1 || bytes > 0xffff) {
      return null;
    }
    if (uses(len) != 1) {
      // The length is needed anyway: the pointer test would only add instructions.
      return null;
    }
    int lenDef = lastDef(insns, at, len);
    if (lenDef < 0
        || !(insns.get(lenDef) instanceof Mov narrow)
        || !(narrow.src() instanceof Reg diff)
        || diff.kind() != Reg.Kind.LONG) {
      return null;
    }
    int subDef = lastDef(insns, lenDef, diff);
    if (subDef < 0
        || !(insns.get(subDef) instanceof Alu sub)
        || sub.op() != AluOp.SUB
        || !(sub.src() instanceof Reg data)) {
      return null;
    }
    int copyDef = lastDef(insns, subDef, diff);
    if (copyDef < 0
        || !(insns.get(copyDef) instanceof Mov copy)
        || !copy.is64()
        || !(copy.src() instanceof Reg dataEnd)) {
      return null;
    }
    Field start = facts.fieldHeldBy(data);
    Field end = facts.fieldHeldBy(dataEnd);
    if (start == null
        || end == null
        || data.kind() != Reg.Kind.REF
        || dataEnd.kind() != Reg.Kind.REF
        || start.size() != 4
        || end.size() != 4
        || !packetPointers(start.offset(), end.offset())) {
      return null;
    }
    boolean trueWhenShort = br.cond() == Cond.SLT || br.cond() == Cond.SLE;
    Reg limit = f.newReg(Reg.Kind.REF, "limit");
    return List.of(
        new Mov(limit, data, true, br.line()),
        new Alu(AluOp.ADD, false, limit, new Imm(bytes), br.line()),
        new Branch(
            Cond.UGT,
            true,
            limit,
            dataEnd,
            trueWhenShort ? br.ifTrue() : br.ifFalse(),
            trueWhenShort ? br.ifFalse() : br.ifTrue(),
            br.line()));
  }

  private int uses(Reg r) {
    int n = 0;
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i.uses().contains(r)) {
          n++;
        }
      }
    }
    return n;
  }

  /** {@code data} and {@code data_end} of {@code struct xdp_md} or of {@code struct __sk_buff}. */
  private static boolean packetPointers(int data, int dataEnd) {
    return data == 0 && dataEnd == 4 || data == 76 && dataEnd == 80;
  }

  /** The index of the last instruction before {@code before} that writes {@code r}, or -1. */
  private static int lastDef(List<Insn> insns, int before, Reg r) {
    for (int k = before - 1; k >= 0; k--) {
      if (insns.get(k).defs().contains(r)) {
        return k;
      }
    }
    return -1;
  }

  private void rewrite() {
    for (Block b : f.blocks()) {
      Facts entry = in.get(b);
      if (entry == null || b.insns().isEmpty()) {
        continue;
      }
      Facts facts = entry.copy();
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
          List<Insn> pointerTest = lengthTest(insns, k, br, facts);
          if (pointerTest != null) {
            insns.remove(k);
            insns.addAll(k, pointerTest);
            i = insns.get(k);
          }
        }
        if (i instanceof Branch br) {
          Test t = testOf(br, facts);
          if (t != null && t.most() > 0 && covered(facts, t)) {
            insns.set(k, new Jump(br.ifFalse(), br.line()));
            continue;
          }
        }
        step(i, facts);
      }
    }
  }

  private static boolean covered(Facts facts, Test t) {
    for (Checked x : facts.checks()) {
      if (x.data() == t.data() && x.dataEnd() == t.dataEnd() && x.bytes() >= t.most()) {
        return true;
      }
    }
    return false;
  }

  private static boolean writtenOnce(Function f, Reg r) {
    int n = 0;
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i.defs().contains(r)) {
          n++;
        }
      }
    }
    return n == 1;
  }
}
