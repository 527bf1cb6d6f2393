package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a loaded network-order field with a byte-swapped constant instead of swapping the field:
 * {@code v = *(u16 *)p; v = be16 v; if v == 0x800} becomes {@code v = *(u16 *)p; if v == 0x8}. A
 * byte swap is a bijection on the loaded width, so equality is kept; ordered comparisons are not,
 * and any other use of the swapped value keeps the swap.
 */
final class SwappedConstants {
  private SwappedConstants() {}

  static void run(Function f) {
    Map<Reg, Integer> defCount = new HashMap<>();
    Map<Reg, List<Insn>> usesOf = new HashMap<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        for (Reg d : i.defs()) {
          defCount.merge(d, 1, Integer::sum);
        }
        for (Reg u : i.uses()) {
          usesOf.computeIfAbsent(u, k -> new ArrayList<>()).add(i);
        }
      }
    }
    for (Block b : f.blocks()) {
      List<Insn> insns = b.insns();
      for (int k = 1; k < insns.size(); k++) {
        if (insns.get(k) instanceof ByteSwap swap
            && loadBefore(insns, k, swap.dst(), usesOf, defCount) instanceof Load load
            && !load.signed()
            && load.size() * 8 == swap.bits()
            && (swap.bits() == 16 || swap.bits() == 32)
            && !swap.dst().isFixed()
            && defCount.get(swap.dst()) == 2) {
          List<Branch> compares = new ArrayList<>();
          if (onlyCompared(swap.dst(), swap, usesOf, defCount, compares)) {
            for (Branch br : compares) {
              Imm c = (Imm) br.b();
              long value = swap(c.value(), swap.bits());
              // A 32-bit test reads only the immediate's low 32 bits; keep it an int32.
              Imm swapped = new Imm(br.is64() ? value : (int) value);
              br.mapUses(o -> o == c ? swapped : o);
            }
            insns.remove(k);
          }
        }
      }
    }
  }

  /**
   * The load whose value the swap at {@code k} turns around: the instruction just before it on the
   * same register, or one before a 32-bit copy into the swapped register when the frontend keeps
   * the raw load in its own register (so a value written back needs no second swap).
   */
  private static Insn loadBefore(
      List<Insn> insns,
      int k,
      Reg swapped,
      Map<Reg, List<Insn>> usesOf,
      Map<Reg, Integer> defCount) {
    Insn prev = insns.get(k - 1);
    if (prev instanceof Load load && load.dst() == swapped) {
      return load;
    }
    if (k >= 2
        && prev instanceof Mov m
        && m.dst() == swapped
        && insns.get(k - 2) instanceof Load load
        && m.src() == load.dst()
        && load.size() <= 4
        && !load.dst().isFixed()
        && defCount.get(load.dst()) == 1
        && usesOf.getOrDefault(load.dst(), List.of()).size() == 1) {
      return load;
    }
    return null;
  }

  /**
   * Whether every read of {@code r} other than {@code self} is an equality test against a constant
   * that has a swapped form, directly or through single-definition copies; collects those tests.
   */
  private static boolean onlyCompared(
      Reg r,
      Insn self,
      Map<Reg, List<Insn>> usesOf,
      Map<Reg, Integer> defCount,
      List<Branch> compares) {
    for (Insn use : usesOf.getOrDefault(r, List.of())) {
      if (use == self) {
        continue;
      }
      if (use instanceof Branch br) {
        br.normalize();
        if (br.a() != r
            || !(br.b() instanceof Imm c)
            || (br.cond() != Cond.EQ && br.cond() != Cond.NE)
            || !swappable(c.value(), ((ByteSwap) self).bits(), br.is64())) {
          return false;
        }
        compares.add(br);
      } else if (use instanceof Mov m
          && m.src() == r
          && !m.dst().isFixed()
          && !m.truncates()
          && defCount.get(m.dst()) == 1) {
        if (!onlyCompared(m.dst(), self, usesOf, defCount, compares)) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the swapped value, zero above {@code bits}, can equal {@code c} as compared, and the
   * swapped constant still reads the same as a branch immediate (sign-extended in a 64-bit test).
   */
  static boolean swappable(long c, int bits, boolean is64) {
    long width = bits == 16 ? 0xffffL : 0xffffffffL;
    long value = is64 ? c : c & 0xffffffffL;
    if (value < 0 || value > width) {
      return false;
    }
    return !is64 || swap(c, bits) <= Integer.MAX_VALUE;
  }

  static long swap(long c, int bits) {
    return bits == 16
        ? Short.toUnsignedInt(Short.reverseBytes((short) c))
        : Integer.toUnsignedLong(Integer.reverseBytes((int) c));
  }
}
