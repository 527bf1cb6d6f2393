package io.bpf4j.processor.check;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The verifier's {@code bpf_spin_lock} rules, checked on a function's IR (after inlining and the
 * null checks) so that javac reports them on a Java line: one lock at a time, no helper or function
 * calls while it is held (only {@code bpf_spin_unlock}), no unlock without a lock, and no path that
 * leaves the function holding it.
 *
 * <p>A forward dataflow over the blocks of the set of states each point may be in (unlocked,
 * locked), joined by union: a violation on any path is reported. Failure paths (where Java would
 * throw) are left out: most are null checks the optimizer proves dead; the verifier judges the
 * rest.
 */
public final class SpinLocks {
  private static final int UNLOCKED = 1;
  private static final int LOCKED = 2;

  private SpinLocks() {}

  /** Throws {@link CompileError} on the first violation found in {@code f}. */
  public static void check(Function f) {
    if (!usesLocks(f)) {
      return;
    }
    Map<Block, Integer> entry = new HashMap<>();
    Deque<Block> work = new ArrayDeque<>();
    Block first = f.blocks().get(0);
    entry.put(first, UNLOCKED);
    work.add(first);
    while (!work.isEmpty()) {
      Block b = work.poll();
      int states = transfer(b, entry.get(b));
      for (Block next : b.successors()) {
        if (f.failureBlocks().contains(next)) {
          // Where Java would throw: the null checks the optimizer drops after a user's own test.
          continue;
        }
        int before = entry.getOrDefault(next, 0);
        if ((before | states) != before) {
          entry.put(next, before | states);
          work.add(next);
        }
      }
    }
  }

  private static boolean usesLocks(Function f) {
    for (Block b : f.blocks()) {
      for (Insn insn : b.insns()) {
        if (insn instanceof Call c && c.helperId() == Helper.SPIN_LOCK.id()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The states after {@code b} when it is entered in {@code states}; throws on a violation. */
  private static int transfer(Block b, int states) {
    for (Insn insn : b.insns()) {
      if (insn instanceof Call c) {
        if (c.function() == null && c.helperId() == Helper.SPIN_LOCK.id()) {
          if ((states & LOCKED) != 0) {
            throw new CompileError(insn.line(), Messages.secondLockWhileLocked());
          }
          states = LOCKED;
        } else if (c.function() == null && c.helperId() == Helper.SPIN_UNLOCK.id()) {
          if ((states & UNLOCKED) != 0) {
            throw new CompileError(insn.line(), Messages.unlockWithoutLock());
          }
          states = UNLOCKED;
        } else if ((states & LOCKED) != 0) {
          String what =
              c.function() != null
                  ? "a call of " + c.function()
                  : "a call of helper " + helperName(c.helperId());
          throw new CompileError(insn.line(), Messages.callWhileLocked(what));
        }
      } else if (insn instanceof Exit && (states & LOCKED) != 0) {
        throw new CompileError(insn.line(), Messages.returnWhileLocked());
      }
    }
    return states;
  }

  private static String helperName(int id) {
    for (Helper h : Helper.values()) {
      if (h.id() == id) {
        return h.kernelName();
      }
    }
    return "#" + id;
  }
}
