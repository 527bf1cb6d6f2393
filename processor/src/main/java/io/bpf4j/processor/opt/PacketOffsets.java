package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the constant part of a computed packet offset into {@code LD_IND}'s immediate: {@code t =
 * 14; t += ihl; r0 = skb[t]} becomes {@code r0 = skb[ihl + 14]}. The kernel adds the immediate to
 * the register before its 32-bit read of the offset, so the sum wraps exactly as the int would.
 */
final class PacketOffsets {
  private PacketOffsets() {}

  static void fold(Function f) {
    Map<Reg, Integer> uses = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg u : i.uses()) {
          uses.merge(u, 1, Integer::sum);
        }
      }
    }
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 0; k < insns.size(); k++) {
        if (!(insns.get(k) instanceof PacketLoad p)) {
          continue;
        }
        // Again while it folds: t = u + 2 where u = 14 + ihl folds twice.
        while (p.offset() instanceof Reg t && !t.isFixed() && !t.is64()) {
          int at = foldInto(insns, k, p, t, uses);
          if (at == k) {
            break;
          }
          k = at;
        }
      }
    }
  }

  /**
   * Matches {@code t = a; t += b; [t += c ...]} before the load in the same block, where one of
   * {@code a}, {@code b} is a register and the rest are constants, {@code t} is read only by these
   * and the load, and the instructions in between do not touch {@code t}. Returns the load's new
   * index.
   */
  private static int foldInto(
      List<Insn> insns, int at, PacketLoad p, Reg t, Map<Reg, Integer> uses) {
    List<Integer> matched = new ArrayList<>();
    long constant = 0;
    Reg base = null;
    int k = at - 1;
    for (; k >= 0; k--) {
      Insn i = insns.get(k);
      boolean writesT = i.defs().contains(t);
      if (!writesT) {
        if (i.uses().contains(t) || i.isTerminator()) {
          return at;
        }
        continue;
      }
      Object src;
      if (i instanceof Alu a && a.op() == AluOp.ADD && !a.dst().is64()) {
        src = a.src();
      } else if (i instanceof Mov m && !m.is64()) {
        src = m.src();
      } else {
        return at;
      }
      if (src instanceof Imm imm) {
        constant += imm.value();
      } else if (src instanceof Reg r && base == null && r != t && !r.is64()) {
        base = r;
      } else {
        return at;
      }
      matched.add(k);
      if (i instanceof Mov) {
        break;
      }
    }
    if (k < 0 || base == null || uses.getOrDefault(t, 0) != matched.size()) {
      return at;
    }
    // The base must still hold its value at the load: nothing after its read writes it.
    int baseRead = matched.get(matched.size() - 1);
    for (int j = baseRead; j < at; j++) {
      if (insns.get(j).defs().contains(base) && !matched.contains(j)) {
        return at;
      }
    }
    p.fold(base, (int) constant);
    for (int j : matched) { // decreasing indexes: each removal leaves the next index valid
      insns.remove(j);
    }
    return at - matched.size();
  }
}
