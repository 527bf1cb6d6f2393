package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks that end the same way and differ only in one constant moved into a register ({@code
 * bpf_tail_call(skb, &jmp_table, 1)} in one arm of a switch, {@code ..., 2)} in the next) become
 * one block reading the constant from a register, which each of them sets before jumping there: two
 * instructions per copy instead of the whole block, as clang sinks such calls into one with a phi
 * of the constant.
 */
final class ConstantTails {
  private ConstantTails() {}

  /** Instructions besides the terminator a block needs to be worth sharing. */
  private static final int MIN_SHARED = 3;

  /** A candidate: its block, and where the constant is moved. */
  private record Tail(Block block, int at) {}

  static boolean run(Function f) {
    Map<String, List<Tail>> groups = new LinkedHashMap<>();
    for (Block b : f.blocks()) {
      if (b == f.entry() || f.failureBlocks().contains(b) || f.isCold(b)) {
        continue;
      }
      List<Insn> insns = b.insns();
      if (insns.size() <= MIN_SHARED
          || !(b.terminator() instanceof Jump || b.terminator() instanceof Exit)) {
        continue;
      }
      for (int k = 0; k < insns.size() - 1; k++) {
        if (insns.get(k) instanceof Mov m && m.src() instanceof Imm) {
          groups.computeIfAbsent(key(insns, k), x -> new ArrayList<>()).add(new Tail(b, k));
        }
      }
    }
    boolean changed = false;
    List<Block> taken = new ArrayList<>();
    for (List<Tail> group : groups.values()) {
      List<Tail> free = new ArrayList<>();
      for (Tail t : group) {
        if (!taken.contains(t.block())) {
          free.add(t);
        }
      }
      if (free.size() < 2) {
        continue;
      }
      share(f, free);
      free.forEach(t -> taken.add(t.block()));
      changed = true;
    }
    return changed;
  }

  /** The block's text with the constant at {@code at} left out. */
  private static String key(List<Insn> insns, int at) {
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < insns.size(); k++) {
      Insn i = insns.get(k);
      if (k == at) {
        Mov m = (Mov) i;
        s.append(m.dst()).append(m.is64() ? " = ?" : " =32 ?");
      } else {
        s.append(i);
      }
      s.append(';');
    }
    return s.toString();
  }

  private static void share(Function f, List<Tail> group) {
    Tail first = group.get(0);
    Mov constant = (Mov) first.block().insns().get(first.at());
    Reg value = f.newReg(constant.is64() ? Reg.Kind.LONG : Reg.Kind.INT, "k");
    Block shared = f.newBlock();
    f.blocks().remove(shared);
    Block last = group.get(group.size() - 1).block();
    f.blocks().add(f.blocks().indexOf(last) + 1, shared);
    for (Insn i : first.block().insns()) {
      shared.add(i == constant ? new Mov(constant.dst(), value, constant.is64(), i.line()) : i);
    }
    for (Tail t : group) {
      List<Insn> insns = t.block().insns();
      Mov m = (Mov) insns.get(t.at());
      insns.clear();
      insns.add(new Mov(value, m.src(), m.is64(), m.line()));
      insns.add(new Jump(shared, m.line()));
    }
  }
}
