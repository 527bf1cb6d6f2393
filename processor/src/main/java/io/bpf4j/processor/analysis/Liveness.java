package io.bpf4j.processor.analysis;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Reg;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which registers are live at the end of each block: backward dataflow to a fixed point. Shared by
 * the frontend's checks, the optimizer and the register allocator, so it lives below all three.
 */
public final class Liveness {
  private final Map<Block, BitSet> liveOut = new HashMap<>();
  private final Map<Block, BitSet> liveIn = new HashMap<>();

  public Liveness(Function f) {
    for (Block b : f.blocks()) {
      liveIn.put(b, new BitSet());
      liveOut.put(b, new BitSet());
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      List<Block> blocks = f.blocks();
      for (int i = blocks.size() - 1; i >= 0; i--) {
        Block b = blocks.get(i);
        BitSet out = new BitSet();
        for (Block s : b.successors()) {
          BitSet in = liveIn.get(s);
          if (in != null) {
            out.or(in);
          }
        }
        BitSet in = (BitSet) out.clone();
        List<Insn> insns = b.insns();
        for (int k = insns.size() - 1; k >= 0; k--) {
          step(insns.get(k), in);
        }
        if (!out.equals(liveOut.get(b)) || !in.equals(liveIn.get(b))) {
          liveOut.put(b, out);
          liveIn.put(b, in);
          changed = true;
        }
      }
    }
  }

  /** Moves {@code live} from after {@code insn} to before it. */
  public static void step(Insn insn, BitSet live) {
    for (Reg d : insn.defs()) {
      live.clear(d.id());
    }
    for (Reg u : insn.uses()) {
      live.set(u.id());
    }
  }

  public BitSet liveOut(Block b) {
    return (BitSet) liveOut.get(b).clone();
  }

  /** The registers live at the start of {@code b} (empty for a block not in the function). */
  public BitSet liveIn(Block b) {
    BitSet in = liveIn.get(b);
    return in == null ? new BitSet() : (BitSet) in.clone();
  }
}
