package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Store-to-load forwarding on the stack: a field of a stack object read back after the program
 * stored a register into it ({@code key.protocol = (byte) p; if (key.protocol == 6 || key.protocol
 * == 17)}) reads the register instead. A forward dataflow of "these bytes of this slot hold this
 * register", intersected where paths meet, killed by overlapping stores, by writes to the register,
 * and by anything that may write memory it cannot see (calls, stores through pointers).
 */
final class StackForwarding {
  /**
   * A stored value: {@code size} bytes at {@code offset} of {@code slot} hold {@code value}, a
   * register or a constant.
   */
  private record Fact(FrameSlot slot, int offset, int size, Operand value) {
    boolean overlaps(FrameSlot s, int off, int n) {
      return slot == s && offset < off + n && off < offset + size;
    }
  }

  private final Function f;
  private final Map<Reg, Insn> singleDef;
  private final Map<Block, List<Fact>> in = new HashMap<>();

  private StackForwarding(Function f) {
    this.f = f;
    this.singleDef = Definitions.single(f);
  }

  static void run(Function f) {
    StackForwarding s = new StackForwarding(f);
    s.solve();
    s.rewrite();
  }

  private void solve() {
    Deque<Block> work = new ArrayDeque<>(List.of(f.entry()));
    in.put(f.entry(), List.of());
    if (Definitions.entryIsLoopHead(f)) {
      return; // the entry is a loop head: facts from the loop would need a proper join
    }
    while (!work.isEmpty()) {
      Block b = work.pop();
      List<Fact> facts = new java.util.ArrayList<>(in.get(b));
      for (Insn i : b.insns()) {
        step(i, facts);
      }
      for (Block s : b.successors()) {
        List<Fact> old = in.get(s);
        List<Fact> joined;
        if (old == null) {
          joined = List.copyOf(facts);
        } else {
          joined = old.stream().filter(facts::contains).toList();
        }
        if (!joined.equals(old)) {
          in.put(s, joined);
          work.add(s);
        }
      }
    }
  }

  private static void step(Insn i, List<Fact> facts) {
    if (i instanceof Store s) {
      if (s.base() instanceof FrameAddr a) {
        int off = a.offset() + s.offset();
        facts.removeIf(fact -> fact.overlaps(a.slot(), off, s.size()));
        if (s.src() instanceof Reg || s.src() instanceof Imm) {
          facts.add(new Fact(a.slot(), off, s.size(), s.src()));
        }
      } else {
        facts.clear(); // through a pointer that may point into the stack
      }
    } else if (i instanceof AtomicOp || i instanceof Call) {
      facts.clear();
    }
    for (Reg d : i.defs()) {
      facts.removeIf(fact -> fact.value() == d);
    }
  }

  private void rewrite() {
    for (Block b : f.blocks()) {
      List<Fact> entry = in.get(b);
      if (entry == null) {
        continue;
      }
      List<Fact> facts = new java.util.ArrayList<>(entry);
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        Insn i = insns.get(k);
        if (i instanceof Load l && l.base() instanceof FrameAddr a) {
          int off = a.offset() + l.offset();
          for (Fact fact : facts) {
            if (fact.slot() != a.slot() || fact.offset() != off || fact.size() != l.size()) {
              continue;
            }
            if (fact.value() instanceof Imm imm) {
              i = new Mov(l.dst(), new Imm(readBack(imm.value(), l)), l.dst().is64(), l.line());
            } else if (readsBack((Reg) fact.value(), l)) {
              i = new Mov(l.dst(), fact.value(), l.size() == 8, l.line());
            } else {
              continue;
            }
            insns.set(k, i);
            break;
          }
        }
        step(i, facts);
      }
    }
  }

  /**
   * Whether loading back what {@code value} stored gives {@code value} itself, in the bits the
   * load's reader uses: all 64 for an 8-byte load, the low 32 (an int) for a 4-byte one, and for
   * narrower loads only when {@code value} already is the extension the load would make.
   */
  private boolean readsBack(Reg value, Load l) {
    if (l.size() == 8) {
      return value.is64();
    }
    if (l.dst().is64()) {
      return false;
    }
    if (l.size() == 4) {
      return true;
    }
    Insn def = singleDef.get(value);
    if (l.signed()) {
      return (def instanceof Ext e && !e.dst().is64() && e.fromBits() == 8 * l.size())
          || (def instanceof Load d && d.signed() && d.size() <= l.size());
    }
    return def instanceof Load d && !d.signed() && d.size() <= l.size();
  }

  /** The constant a load of {@code imm}'s stored bytes gives, as the load extends it. */
  private static long readBack(long imm, Load l) {
    int bits = 8 * l.size();
    if (bits == 64) {
      return imm;
    }
    long low = imm & ((1L << bits) - 1);
    return l.signed() && (low >>> (bits - 1)) != 0 ? low - (1L << bits) : low;
  }
}
