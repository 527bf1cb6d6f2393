package io.bpf4j.processor.emit;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * A verifier workaround, after frame layout: stores 0 into the deepest stack slot before anything
 * else, so that the verifier counts the whole frame as allocated from the first instruction on.
 * Otherwise a frame that grows inside a loop (a spill slot first written in the second iteration)
 * trips the 6.18 verifier's precision backtracking, which finds the slot missing in an older state
 * and refuses the program ("verifier bug: stack slot N, total slots M"). Every slot is written
 * before it is read, so the zero is never seen. Only functions with loops need it; a block of its
 * own, as the entry block may be a loop header.
 */
public final class WholeFrameTouch {
  private WholeFrameTouch() {}

  public static void insert(Function f) {
    if (f.slots().isEmpty() || !hasLoop(f)) {
      return;
    }
    // Inlined calls' regions share bytes, so the deepest slot is not always the last one.
    FrameSlot deepest = f.slots().stream().min(Comparator.comparingInt(FrameSlot::offset)).get();
    Block entry = f.entry();
    if (entryWritesFirst(f, deepest.offset())) {
      return;
    }
    Block prologue = f.newBlock();
    f.blocks().remove(prologue);
    f.blocks().add(0, prologue);
    // One byte at the slot's lowest address: always inside the frame and aligned, whatever its
    // size.
    prologue.add(new Store(new FrameAddr(deepest, 0), 0, 1, new Imm(0), 0));
    prologue.add(new Jump(entry, 0));
  }

  /**
   * Whether the entry block, run once before any loop, itself stores to the frame's deepest byte
   * before any instruction that reads the stack or calls out: then the frame is whole from that
   * store on, and the touch would only write the same byte once more (a zeroed object at the bottom
   * of the frame, typically).
   */
  static boolean entryWritesFirst(Function f, int deepestByte) {
    Block entry = f.entry();
    for (Block b : f.blocks()) {
      if (b.successors().contains(entry)) {
        return false;
      }
    }
    for (Insn i : entry.insns()) {
      if (i instanceof Store s && s.base() instanceof FrameAddr a) {
        int lo = a.slot().offset() + a.offset() + s.offset();
        if (lo <= deepestByte && deepestByte < lo + s.size()) {
          return true;
        }
        if (!(s.src() instanceof FrameAddr)) {
          continue;
        }
      }
      if (i instanceof Call || i.isTerminator() || readsFrame(i)) {
        return false;
      }
    }
    return false;
  }

  private static boolean readsFrame(Insn i) {
    boolean[] reads = {false};
    i.mapUses(
        o -> {
          reads[0] |= o instanceof FrameAddr;
          return o;
        });
    return reads[0];
  }

  /**
   * Whether the control-flow graph has a cycle: a depth-first walk from the entry meets a block
   * still on its path. A block laid out after its successor is not enough, as block layout moves
   * cold exits to the end and jumps back from them without any loop.
   */
  static boolean hasLoop(Function f) {
    Set<Block> done = new HashSet<>();
    Set<Block> onPath = new HashSet<>();
    Deque<Iterator<Block>> successors = new ArrayDeque<>();
    Deque<Block> path = new ArrayDeque<>();
    path.push(f.entry());
    onPath.add(f.entry());
    successors.push(f.entry().successors().iterator());
    while (!path.isEmpty()) {
      Iterator<Block> next = successors.peek();
      if (!next.hasNext()) {
        Block b = path.pop();
        successors.pop();
        onPath.remove(b);
        done.add(b);
        continue;
      }
      Block s = next.next();
      if (onPath.contains(s)) {
        return true;
      }
      if (!done.contains(s)) {
        path.push(s);
        onPath.add(s);
        successors.push(s.successors().iterator());
      }
    }
    return false;
  }
}
