package io.bpf4j.processor.opt;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import java.util.HashSet;
import java.util.Set;

/**
 * Rejects code that can never return: a loop without an exit is an infinite loop, which the
 * verifier refuses at load time; saying so at compile time points at the Java line.
 */
public final class Termination {
  private Termination() {}

  public static void check(Function f) {
    Set<Block> canExit = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : f.blocks()) {
        if (canExit.contains(b)) {
          continue;
        }
        boolean exits = !b.insns().isEmpty() && b.terminator() instanceof Exit;
        for (Block s : b.successors()) {
          exits |= canExit.contains(s);
        }
        if (exits) {
          canExit.add(b);
          changed = true;
        }
      }
    }
    // Report the loop itself: the first block that a later block jumps back to and that never
    // leads to an exit (the code before such a loop cannot exit either, but is not to blame).
    java.util.List<Block> blocks = f.blocks();
    for (int k = 0; k < blocks.size(); k++) {
      Block b = blocks.get(k);
      boolean loopHeader = false;
      for (int j = k; j < blocks.size(); j++) {
        loopHeader |= blocks.get(j).successors().contains(b);
      }
      if (!canExit.contains(b) && loopHeader) {
        int line = 0;
        for (Insn i : b.insns()) {
          if (i.line() > 0) {
            line = i.line();
            break;
          }
        }
        throw new CompileError(line, Messages.loopBound());
      }
    }
  }
}
