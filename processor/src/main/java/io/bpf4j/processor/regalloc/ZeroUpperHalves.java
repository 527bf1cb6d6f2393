package io.bpf4j.processor.regalloc;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Neg;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After register allocation: which machine registers hold a value whose upper 32 bits are zero, on
 * every path, in a way the verifier also tracks (the result of a 32-bit ALU or move instruction, an
 * unsigned load of up to 4 bytes, a 64-bit AND with a non-negative constant, a 64-bit copy of such
 * a register or a non-negative constant). A zero-extending {@code wX = wX} where {@code rX} is one
 * of them changes nothing, for the CPU or the verifier, wherever the write that cleared the upper
 * half was (in another block, or instructions earlier).
 */
final class ZeroUpperHalves {
  private ZeroUpperHalves() {}

  /** The {@code wX = wX} moves of {@code f} whose register's upper half is already zero. */
  static Set<Insn> redundantZeroExtensions(Function f, Map<Reg, Register> assignment) {
    Map<Block, BitSet> in = new HashMap<>();
    Map<Block, List<Block>> preds = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Block s : b.successors()) {
        preds.computeIfAbsent(s, k -> new ArrayList<>()).add(b);
      }
    }
    Map<Block, BitSet> out = new HashMap<>();
    Deque<Block> work = new ArrayDeque<>(f.blocks());
    Set<Block> queued = new HashSet<>(f.blocks());
    while (!work.isEmpty()) {
      Block b = work.poll();
      queued.remove(b);
      BitSet state = entryState(f, b, preds, out);
      in.put(b, (BitSet) state.clone());
      for (Insn i : b.insns()) {
        step(i, state, assignment);
      }
      if (!state.equals(out.get(b))) {
        out.put(b, state);
        for (Block s : b.successors()) {
          if (queued.add(s)) {
            work.add(s);
          }
        }
      }
    }
    Set<Insn> redundant = new HashSet<>();
    for (Block b : f.blocks()) {
      BitSet state = in.get(b);
      for (Insn i : b.insns()) {
        if (i instanceof Mov m
            && !m.is64()
            && m.src() instanceof Reg s
            && register(s, assignment) == register(m.dst(), assignment)
            && state.get(register(s, assignment).number())) {
          redundant.add(i);
        }
        step(i, state, assignment);
      }
    }
    return redundant;
  }

  /**
   * The registers zero above bit 31 in every predecessor that has been visited; none at the entry
   * (the caller's arguments are unknown). A predecessor not visited yet counts as "all", so loops
   * start optimistic and the iteration removes what a back edge clobbers.
   */
  private static BitSet entryState(
      Function f, Block b, Map<Block, List<Block>> preds, Map<Block, BitSet> out) {
    if (b == f.entry()) {
      return new BitSet();
    }
    BitSet state = null;
    for (Block p : preds.getOrDefault(b, List.of())) {
      BitSet o = out.get(p);
      if (o == null) {
        continue;
      }
      if (state == null) {
        state = (BitSet) o.clone();
      } else {
        state.and(o);
      }
    }
    return state == null ? new BitSet() : state;
  }

  /** Moves {@code zero} from before {@code insn} to after it. */
  private static void step(Insn insn, BitSet zero, Map<Reg, Register> assignment) {
    if (insn instanceof Mov m
        && m.src() instanceof Reg s
        && !m.truncates()
        && register(s, assignment) == register(m.dst(), assignment)) {
      // Dropped after allocation whatever the upper half holds: it clears nothing.
      return;
    }
    boolean clears = clearsUpperHalf(insn, zero, assignment);
    for (Reg d : insn.defs()) {
      zero.clear(register(d, assignment).number());
    }
    if (clears) {
      zero.set(register(insn.defs().get(0), assignment).number());
    }
  }

  private static boolean clearsUpperHalf(Insn insn, BitSet zero, Map<Reg, Register> assignment) {
    if (insn instanceof Alu a) {
      return !a.dst().is64()
          || (a.op() == AluOp.AND && a.src() instanceof Imm i && i.fitsInt32() && i.value() >= 0);
    }
    if (insn instanceof Mov m) {
      if (!m.is64()) {
        return true;
      }
      if (m.src() instanceof Imm i) {
        return i.fitsInt32() && i.value() >= 0;
      }
      return m.src() instanceof Reg s && zero.get(register(s, assignment).number());
    }
    if (insn instanceof Load l) {
      // A CO-RE relocation may resize the load (libbpf fits it to the kernel's field).
      return !l.signed() && l.size() <= 4 && l.core() == null;
    }
    if (insn instanceof Ext e) {
      return !e.dst().is64();
    }
    if (insn instanceof Neg n) {
      return !n.dst().is64();
    }
    return false;
  }

  private static Register register(Reg r, Map<Reg, Register> assignment) {
    return r.isFixed() ? r.fixed() : assignment.get(r);
  }
}
