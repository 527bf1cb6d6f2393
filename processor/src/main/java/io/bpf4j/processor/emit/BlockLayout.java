package io.bpf4j.processor.emit;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Mov;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders blocks for emission: source order, with the cold blocks that only end the program (the
 * "return onFault" of Java exceptions) moved to the end so the likely path falls through.
 */
public final class BlockLayout {
  private BlockLayout() {}

  public static void arrange(Function f) {
    List<Block> hot = new ArrayList<>();
    List<Block> cold = new ArrayList<>();
    for (Block b : f.blocks()) {
      (b != f.entry() && isFailure(f, b) && isBranchTarget(f, b) ? cold : hot).add(b);
    }
    f.blocks().clear();
    f.blocks().addAll(hot);
    f.blocks().addAll(cold);
  }

  private static boolean isBranchTarget(Function f, Block b) {
    for (Block p : f.blocks()) {
      if (p.terminator() instanceof Branch br && (br.ifTrue() == b || br.ifFalse() == b)) {
        return true;
      }
    }
    return false;
  }

  /** {@code return onFault}: the block a failure ends in (also a plain return of that value). */
  private static boolean isFailure(Function f, Block b) {
    return b.insns().size() == 2
        && b.insns().get(0) instanceof Mov m
        && m.src() instanceof Imm i
        && i.value() == f.faultValue()
        && b.terminator() instanceof Exit;
  }
}
