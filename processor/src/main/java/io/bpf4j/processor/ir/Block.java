package io.bpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A basic block: straight-line instructions ending in a {@link Jump}, {@link Branch} or {@link
 * Exit}.
 */
public final class Block {
  private int id;
  private final List<Insn> insns = new ArrayList<>();

  Block(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  /** Renumbers the block (when an inliner puts blocks before it in creation order). */
  void setId(int id) {
    this.id = id;
  }

  public List<Insn> insns() {
    return insns;
  }

  public void add(Insn insn) {
    insns.add(insn);
  }

  public boolean isTerminated() {
    return !insns.isEmpty() && insns.get(insns.size() - 1).isTerminator();
  }

  public Insn terminator() {
    return insns.get(insns.size() - 1);
  }

  /** Sends this block's edges to {@code from} to {@code to} instead. */
  public void retarget(Block from, Block to) {
    if (insns.isEmpty()) {
      return;
    }
    Insn last = terminator();
    if (last instanceof Jump j && j.target() == from) {
      j.setTarget(to);
    } else if (last instanceof Branch b) {
      b.setTargets(b.ifTrue() == from ? to : b.ifTrue(), b.ifFalse() == from ? to : b.ifFalse());
    }
  }

  /** The blocks control may pass to after this one. */
  public List<Block> successors() {
    if (insns.isEmpty()) {
      return List.of();
    }
    Insn last = terminator();
    if (last instanceof Jump j) {
      return List.of(j.target());
    }
    if (last instanceof Branch b) {
      return b.ifTrue() == b.ifFalse() ? List.of(b.ifTrue()) : List.of(b.ifTrue(), b.ifFalse());
    }
    return List.of();
  }

  @Override
  public String toString() {
    return "B" + id;
  }
}
