package io.bpf4j.processor.opt;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Call;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Dead-store elimination across helpers that fill a stack buffer: the zeroing of {@code new
 * byte[N]} (or any stores) into bytes that {@code bpf_skb_load_bytes}, {@code bpf_get_current_comm}
 * or {@code bpf_probe_read_kernel} then overwrite, before anything could read them, is dead.
 *
 * <p>Only for helpers whose buffer the verifier types {@code ARG_PTR_TO_UNINIT_MEM} (so the stack
 * need not be initialized before the call, and counts as written after it), and that write all of
 * it whether they succeed or fail ({@link Helper#overwritesUninitMemWhole}): a program that reads
 * the buffer after a failed call sees the helper's zeros either way; or whose call is proven to
 * succeed ({@link Call#cannotFail}). The buffer's address and size must be constants set right
 * before the call in the same block, and the stores must be in that block with nothing between them
 * and the call that could read stack memory.
 */
final class HelperFilledBuffers {
  private HelperFilledBuffers() {}

  static void run(Function f) {
    Set<FrameSlot> escaping = escapingSlots(f);
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = insns.size() - 1; k >= 0; k--) {
        if (insns.get(k) instanceof Call c && c.function() == null) {
          k = removeStoresFilledBy(insns, k, c, escaping);
        }
      }
    }
  }

  /**
   * The slots whose address may be in a register that a load could read through: every use of a
   * slot's address other than as the base of a load or store, or as a call argument.
   */
  private static Set<FrameSlot> escapingSlots(Function f) {
    Set<FrameSlot> escaping = new HashSet<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i instanceof Mov m && m.dst().isFixed() && m.src() instanceof FrameAddr) {
          continue; // an argument: the call clobbers the register
        }
        if (i instanceof Load) {
          continue; // its only address is the base it reads
        }
        if (i instanceof Store s) {
          if (s.src() instanceof FrameAddr a) {
            escaping.add(a.slot()); // an address stored in memory
          }
          continue;
        }
        i.mapUses(
            o -> {
              if (o instanceof FrameAddr a) {
                escaping.add(a.slot());
              }
              return o;
            });
      }
    }
    return escaping;
  }

  /**
   * Removes the stores before {@code insns[at]} that call {@code c} overwrites; returns the call's
   * new index.
   */
  private static int removeStoresFilledBy(
      List<Insn> insns, int at, Call c, Set<FrameSlot> escaping) {
    Helper h = Helper.of(c.helperId());
    if (h == null || !(h.overwritesUninitMemWhole() || c.cannotFail())) {
      return at;
    }
    int arg = h.uninitMemArgument();
    if (arg + 1 >= c.argRegs().size()) {
      return at;
    }
    Operand buffer = argumentValue(insns, at, c.argRegs().get(arg));
    Operand size = argumentValue(insns, at, c.argRegs().get(arg + 1));
    if (!(buffer instanceof FrameAddr dst) || !(size instanceof Imm n) || n.value() <= 0) {
      return at;
    }
    int lo = dst.offset();
    long hi = lo + n.value();
    for (int k = at - 1; k >= 0; k--) {
      Insn i = insns.get(k);
      if (i instanceof Store s) {
        if (s.base() instanceof FrameAddr a
            && a.slot() == dst.slot()
            && a.offset() + s.offset() >= lo
            && a.offset() + s.offset() + s.size() <= hi) {
          insns.remove(k);
          at--;
        }
        continue; // a store reads no memory, whatever it writes
      }
      if (!readsNotFrom(i, dst.slot(), escaping.contains(dst.slot()))) {
        break;
      }
    }
    return at;
  }

  /**
   * The operand the last instruction before {@code insns[at]} that writes {@code reg} put in it,
   * when that is a plain move; null otherwise.
   */
  static Operand argumentValue(List<Insn> insns, int at, Reg reg) {
    for (int k = at - 1; k >= 0; k--) {
      Insn i = insns.get(k);
      if (i.defs().contains(reg)) {
        return i instanceof Mov m && m.is64() ? m.src() : null;
      }
    }
    return null;
  }

  /**
   * Whether {@code i} certainly does not read {@code slot}: register moves and arithmetic, loads
   * from another stack object, and loads through a register when the slot's address is in none.
   * Everything else (calls, atomics, jumps) ends the search.
   */
  private static boolean readsNotFrom(Insn i, FrameSlot slot, boolean escapes) {
    if (i instanceof Mov || i instanceof Alu) {
      return true;
    }
    if (i instanceof Load l) {
      if (l.base() instanceof FrameAddr a) {
        return a.slot() != slot;
      }
      return l.base() instanceof Reg r && !r.isFixed() && !escapes;
    }
    return false;
  }
}
