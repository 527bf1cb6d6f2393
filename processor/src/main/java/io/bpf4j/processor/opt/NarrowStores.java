package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.HashMap;
import java.util.Map;

/**
 * A store of N bytes writes only the low N bytes of its value, so a sign extension or 32-bit move
 * that leaves those bytes as they were is skipped: {@code b = (byte) x; obj.b = b} stores {@code x}
 * itself, and the extension, read by nothing else, goes as dead code (Java's {@code i2b} before
 * every byte field store, which C's implicit truncation never has).
 */
final class NarrowStores {
  private NarrowStores() {}

  /** {@code dst} holds the low {@code bits} bits of {@code source} unchanged. */
  private record LowBitsOf(Reg source, int bits) {}

  static void run(Function f) {
    for (Block b : f.blocks()) {
      Map<Reg, LowBitsOf> narrowed = new HashMap<>();
      for (Insn i : b.insns()) {
        if (i instanceof Store s && s.src() instanceof Reg r) {
          LowBitsOf low = narrowed.get(r);
          if (low != null && s.size() * 8 <= low.bits() && low.source() != s.base()) {
            s.mapUses(o -> o == r ? low.source() : o);
          }
        }
        if (!i.defs().isEmpty() || i.hasSideEffects()) {
          // A call may clobber registers beyond its defs; only virtual sources are tracked, but
          // the copies themselves may sit in fixed registers.
          narrowed.keySet().removeIf(d -> i.defs().contains(d));
          narrowed.values().removeIf(l -> i.defs().contains(l.source()));
        }
        LowBitsOf low = lowBits(i);
        if (low != null) {
          narrowed.put(i.defs().get(0), low);
        }
      }
    }
  }

  private static LowBitsOf lowBits(Insn i) {
    Reg dst;
    Reg src;
    int bits;
    if (i instanceof Ext e && e.src() != e.dst()) {
      dst = e.dst();
      src = e.src();
      bits = e.fromBits();
    } else if (i instanceof Mov m && !m.is64() && m.src() instanceof Reg r && r != m.dst()) {
      dst = m.dst();
      src = r;
      bits = 32;
    } else {
      return null;
    }
    return src.isFixed() || dst.isFixed() ? null : new LowBitsOf(src, bits);
  }
}
