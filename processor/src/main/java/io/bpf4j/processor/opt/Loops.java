package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dominator tree of a function's reachable blocks (Cooper, Harvey and Kennedy's iteration over
 * reverse postorder) and its natural loops: a back edge goes to a block that dominates its source,
 * and the loop is that header plus every block that reaches the source without passing the header.
 */
final class Loops {
  /** A natural loop: its header, every block in it (header first), and its back edges' sources. */
  record Loop(Block header, Set<Block> body, List<Block> latches) {}

  private final List<Block> order;
  private final Map<Block, Integer> index = new HashMap<>();
  private final Map<Block, Block> idom = new HashMap<>();
  private final Map<Block, List<Block>> preds = new HashMap<>();

  Loops(Function f) {
    order = ValueRanges.reversePostorder(f);
    for (int k = 0; k < order.size(); k++) {
      index.put(order.get(k), k);
    }
    for (Block b : order) {
      for (Block s : b.successors()) {
        List<Block> ps = preds.computeIfAbsent(s, k -> new ArrayList<>());
        if (!ps.contains(b)) {
          ps.add(b);
        }
      }
    }
    solveDominators();
  }

  private void solveDominators() {
    Block entry = order.get(0);
    idom.put(entry, entry);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : order.subList(1, order.size())) {
        Block d = null;
        for (Block p : predecessors(b)) {
          if (idom.containsKey(p)) {
            d = d == null ? p : intersect(p, d);
          }
        }
        if (d != null && d != idom.get(b)) {
          idom.put(b, d);
          changed = true;
        }
      }
    }
  }

  private Block intersect(Block a, Block b) {
    while (a != b) {
      while (index.get(a) > index.get(b)) {
        a = idom.get(a);
      }
      while (index.get(b) > index.get(a)) {
        b = idom.get(b);
      }
    }
    return a;
  }

  /** The reachable predecessors of {@code b}. */
  List<Block> predecessors(Block b) {
    return preds.getOrDefault(b, List.of());
  }

  /** Whether every path from the entry to {@code b} passes {@code a} ({@code a} itself too). */
  boolean dominates(Block a, Block b) {
    if (!idom.containsKey(a) || !idom.containsKey(b)) {
      return false;
    }
    for (Block x = b; ; x = idom.get(x)) {
      if (x == a) {
        return true;
      }
      if (x == idom.get(x)) {
        return false;
      }
    }
  }

  /** Every natural loop, one per header, in reverse postorder of their headers. */
  List<Loop> loops() {
    List<Loop> out = new ArrayList<>();
    for (Block h : order) {
      List<Block> latches = new ArrayList<>();
      for (Block p : predecessors(h)) {
        if (dominates(h, p)) {
          latches.add(p);
        }
      }
      if (latches.isEmpty()) {
        continue;
      }
      Set<Block> body = new LinkedHashSet<>(List.of(h));
      Deque<Block> work = new ArrayDeque<>(latches);
      while (!work.isEmpty()) {
        Block b = work.pop();
        if (body.add(b)) {
          work.addAll(predecessors(b));
        }
      }
      out.add(new Loop(h, body, latches));
    }
    return out;
  }
}
