package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte swaps that undo each other. A big-endian packet read is a native load swapped into a fresh
 * register; writing that value back (or handing it to a checksum helper, which wants network order)
 * swaps it again. Each such second swap is recorded, and once the method is translated (when every
 * write of every register is known) it becomes a copy of the unswapped register where that is
 * provably the same value: the chain from the read to the write passes only through registers
 * written once (a local assigned once, say), so no loop or branch can have changed it between.
 */
final class SwappedValues {
  /** {@code original} is written {@code writes} times, all before the swap that reads it. */
  private record Swap(Reg original, int bits, int writes) {}

  /** {@code dst = copy value; be<bits> dst}, in {@code block}. */
  private record Reswap(Block block, Mov copy, ByteSwap swap, Reg value, int bits) {}

  private final IrBuilder b;
  private final Map<Reg, Swap> swaps = new HashMap<>();
  private final List<Reswap> reswaps = new ArrayList<>();

  SwappedValues(IrBuilder b) {
    this.b = b;
  }

  /**
   * A fresh register holding {@code original} byte-swapped in its low {@code bits}; {@code
   * original} must be a register written only here (a fresh load or copy).
   */
  Reg swap(Reg original, int bits, String name) {
    return swap(original, bits, name, 1);
  }

  /**
   * As {@link #swap(Reg, int, String)}, for an {@code original} written {@code writes} times, all
   * before this swap and never again: the arms of a fast and a slow read that meet here.
   */
  Reg swap(Reg original, int bits, String name, int writes) {
    Reg t = b.copy(Reg.Kind.INT, original, name);
    b.add(new ByteSwap(t, bits, b.line()));
    swaps.put(t, new Swap(original, bits, writes));
    return t;
  }

  /** {@code value} swapped in its low {@code bits}, in a fresh register (see the class comment). */
  Reg swapBack(Reg value, int bits, String name) {
    Reg t = b.newReg(Reg.Kind.INT, name);
    Mov copy = b.add(new Mov(t, value, false, b.line()));
    ByteSwap swap = b.add(new ByteSwap(t, bits, b.line()));
    reswaps.add(new Reswap(b.block(), copy, swap, value, bits));
    return t;
  }

  /**
   * Turns each recorded second swap whose value is provably a first swap's result into a copy of
   * the first swap's input: whole for 32 bits (a 32-bit move zero-extends, as the swap does), and
   * masked to 16 bits for 16.
   */
  void fold(Function f) {
    if (reswaps.isEmpty()) {
      return;
    }
    Map<Reg, List<Insn>> defs = new HashMap<>();
    for (Block blk : f.blocks()) {
      for (Insn i : blk.insns()) {
        for (Reg d : i.defs()) {
          defs.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
        }
      }
    }
    for (Reswap r : reswaps) {
      Reg original = unswapped(r.value(), r.bits(), defs);
      if (original == null) {
        continue;
      }
      List<Insn> insns = r.block().insns();
      int at = insns.indexOf(r.swap());
      if (at < 0 || insns.indexOf(r.copy()) < 0) {
        continue;
      }
      r.copy().mapUses(o -> o == r.value() ? original : o);
      if (r.bits() == 32) {
        insns.remove(at);
      } else {
        insns.set(at, new Alu(AluOp.AND, false, r.swap().dst(), new Imm(0xffff), r.swap().line()));
      }
    }
  }

  /** The register {@code value} is the {@code bits}-bit swap of, through single copies, or null. */
  private Reg unswapped(Reg value, int bits, Map<Reg, List<Insn>> defs) {
    Reg r = value;
    for (int hops = 0; hops < 4; hops++) {
      Swap s = swaps.get(r);
      if (s != null) {
        boolean stable =
            s.bits() == bits
                && defs.getOrDefault(s.original(), List.of()).size() == s.writes()
                && defs.getOrDefault(r, List.of()).size() == 2; // the copy and the swap
        return stable ? s.original() : null;
      }
      List<Insn> d = defs.getOrDefault(r, List.of());
      if (d.size() != 1 || !(d.get(0) instanceof Mov m) || !(m.src() instanceof Reg src)) {
        return null;
      }
      r = src;
    }
    return null;
  }
}
