package io.bpf4j.processor.opt;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reuses what dominating code already established about the packet: a context field loaded before
 * ({@code data}, {@code data_end}, {@code len}) is read from the register that holds it instead of
 * loaded again, and a bounds check {@code data + n > data_end} is dropped where a check of at least
 * {@code n} bytes on the same pointers already passed. Facts flow forward, are intersected where
 * paths meet, and die when their registers are written or at a call (a helper may move the packet).
 * Facts stay across LD_ABS / LD_IND, so that the slow way of one tc read does not hide a dominating
 * check from the reads after it ({@link DirectPacketArms}).
 */
final class PacketChecks {
  /** A context field at {@code offset} (of {@code size} bytes) held by {@code value}. */
  private record Field(int offset, int size, boolean signed, Reg value) {}

  /** {@code data + bytes <= dataEnd} holds. */
  private record Checked(Reg data, Reg dataEnd, long bytes) {}

  /**
   * What holds on entry to a block. There is at most one check per pair of pointers (the largest
   * size known), so that meeting facts only ever drops checks or lowers their sizes and the
   * fixpoint is reached: a product of all pairs of checks grew without bound around loops.
   */
  private record Facts(List<Field> fields, List<Checked> checks) {
    Facts copy() {
      return new Facts(new ArrayList<>(fields), new ArrayList<>(checks));
    }

    Facts meet(Facts o) {
      List<Field> f = new ArrayList<>(fields);
      f.retainAll(o.fields);
      List<Checked> c = new ArrayList<>();
      for (Checked a : checks) {
        Checked b = o.check(a.data(), a.dataEnd());
        if (b != null) {
          c.add(new Checked(a.data(), a.dataEnd(), Math.min(a.bytes(), b.bytes())));
        }
      }
      return new Facts(f, c);
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

  private PacketChecks(Function f, Reg ctx) {
    this.f = f;
    this.ctx = ctx;
  }

  static void run(Function f) {
    Reg ctx = f.context();
    if (ctx == null || !writtenOnce(f, ctx) || hasPredecessor(f, f.entry())) {
      return;
    }
    PacketChecks p = new PacketChecks(f, ctx);
    p.solve();
    p.rewrite();
  }

  private void solve() {
    in.put(f.entry(), new Facts(new ArrayList<>(), new ArrayList<>()));
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
          Checked c = checkOf(b, br);
          if (c != null && s == br.ifFalse() && br.ifTrue() != br.ifFalse()) {
            edge.addCheck(c);
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
    if (i instanceof Call) {
      facts.fields().clear();
      facts.checks().clear();
    }
    for (Reg d : i.defs()) {
      facts.fields().removeIf(x -> x.value() == d);
      facts.checks().removeIf(x -> x.data() == d || x.dataEnd() == d);
    }
    if (i instanceof Load l && l.base() == ctx && !l.dst().isFixed()) {
      facts.fields().add(new Field(l.offset(), l.size(), l.signed(), l.dst()));
    }
  }

  /**
   * The check a branch makes when it is {@code if (limit > dataEnd) fail} with {@code limit = data;
   * limit += n} computed in its block: {@code data + n <= dataEnd} on its false edge.
   */
  private static Checked checkOf(Block b, Branch br) {
    if (br.cond() != Cond.UGT
        || !br.is64()
        || !(br.a() instanceof Reg limit)
        || !(br.b() instanceof Reg dataEnd)) {
      return null;
    }
    List<Insn> insns = b.insns();
    int n = insns.size() - 1;
    if (n >= 2
        && insns.get(n - 1) instanceof Alu add
        && add.dst() == limit
        && add.op() == AluOp.ADD
        && add.src() instanceof Imm bytes
        && insns.get(n - 2) instanceof Mov m
        && m.dst() == limit
        && m.is64()
        && m.src() instanceof Reg data) {
      return new Checked(data, dataEnd, bytes.value());
    }
    return null;
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
          Checked c = checkOf(b, br);
          if (c != null && covered(facts, c)) {
            insns.set(k, new Jump(br.ifFalse(), br.line()));
            continue;
          }
        }
        step(i, facts);
      }
    }
  }

  private static boolean covered(Facts facts, Checked c) {
    for (Checked x : facts.checks()) {
      if (x.data() == c.data() && x.dataEnd() == c.dataEnd() && x.bytes() >= c.bytes()) {
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

  private static boolean hasPredecessor(Function f, Block target) {
    for (Block b : f.blocks()) {
      if (b.successors().contains(target)) {
        return true;
      }
    }
    return false;
  }
}
