package io.bpf4j.processor.emit;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which stack slots of a function are in use at the same time, so that the others can share bytes
 * (issue 17: each map lookup's box took its own slot for the whole program, and 64 lookups needed
 * 520 bytes).
 *
 * <p>A slot is in use at an instruction that lies on a path from one access of the slot to another.
 * An access is an instruction that names the slot ({@code &slot}) or reads a register that may hold
 * its address; which registers may, and which slots may hold such addresses (a spilled pointer),
 * comes from a forward points-to analysis over the CFG. Between two accesses the slot may hold a
 * value still to be read or its address may be in a register; outside them it holds nothing that is
 * read again. A slot whose address is stored anywhere but on the stack is in use everywhere.
 */
final class SlotInterference {
  private final Function f;
  private final Map<Reg, Register> registers;
  private final List<FrameSlot> slots;
  private final Map<FrameSlot, Integer> index = new IdentityHashMap<>();
  private final Map<Block, List<Block>> predecessors = new IdentityHashMap<>();
  private final BitSet escaped = new BitSet();

  /** Per block, the slots each of its instructions accesses. */
  private final Map<Block, List<BitSet>> accesses = new IdentityHashMap<>();

  private SlotInterference(Function f, Map<Reg, Register> registers) {
    this.f = f;
    this.registers = registers;
    this.slots = f.slots();
    for (int i = 0; i < slots.size(); i++) {
      index.put(slots.get(i), i);
    }
    for (Block b : f.blocks()) {
      predecessors.putIfAbsent(b, new ArrayList<>());
      for (Block s : b.successors()) {
        predecessors.computeIfAbsent(s, k -> new ArrayList<>()).add(b);
      }
    }
  }

  /**
   * For each slot (by its index in {@code f.slots()}), the slots in use while it is. The analysis
   * follows machine registers ({@code registers}, the allocation), not virtual ones: the allocator
   * removed the moves between virtual registers that share a machine register.
   */
  static BitSet[] of(Function f, Map<Reg, Register> registers) {
    SlotInterference s = new SlotInterference(f, registers);
    s.findAccesses();
    return s.interference(s.occupancy());
  }

  // ---- which slots each instruction accesses: a forward points-to analysis

  /** What may hold the address of which slots, at one program point. */
  private static final class State {
    final Map<Object, BitSet> regs = new HashMap<>();
    final Map<Integer, BitSet> memory = new HashMap<>();

    State copy() {
      State s = new State();
      regs.forEach((r, b) -> s.regs.put(r, (BitSet) b.clone()));
      memory.forEach((m, b) -> s.memory.put(m, (BitSet) b.clone()));
      return s;
    }

    void mergeFrom(State o) {
      o.regs.forEach((r, b) -> regs.computeIfAbsent(r, k -> new BitSet()).or(b));
      o.memory.forEach((m, b) -> memory.computeIfAbsent(m, k -> new BitSet()).or(b));
    }

    void setReg(Object r, BitSet pts) {
      if (pts.isEmpty()) {
        regs.remove(r);
      } else {
        regs.put(r, pts);
      }
    }

    BitSet memory(int slot) {
      BitSet b = memory.get(slot);
      return b == null ? new BitSet() : (BitSet) b.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof State s && regs.equals(s.regs) && memory.equals(s.memory);
    }

    @Override
    public int hashCode() {
      return regs.hashCode() * 31 + memory.hashCode();
    }
  }

  private void findAccesses() {
    Map<Block, State> in = new IdentityHashMap<>();
    Deque<Block> work = new ArrayDeque<>(f.blocks());
    for (Block b : f.blocks()) {
      in.put(b, new State());
    }
    while (!work.isEmpty()) {
      Block b = work.poll();
      State s = in.get(b).copy();
      for (Insn i : b.insns()) {
        transfer(i, s, null);
      }
      for (Block succ : b.successors()) {
        State merged = in.get(succ).copy();
        merged.mergeFrom(s);
        if (!merged.equals(in.get(succ))) {
          in.put(succ, merged);
          if (!work.contains(succ)) {
            work.add(succ);
          }
        }
      }
    }
    for (Block b : f.blocks()) {
      State s = in.get(b).copy();
      List<BitSet> perInsn = new ArrayList<>();
      for (Insn i : b.insns()) {
        BitSet accessed = new BitSet();
        transfer(i, s, accessed);
        perInsn.add(accessed);
      }
      accesses.put(b, perInsn);
    }
  }

  /** Applies {@code i} to {@code s}; adds the slots it accesses to {@code accessed} if not null. */
  private void transfer(Insn i, State s, BitSet accessed) {
    if (accessed != null) {
      for (Operand o : operands(i)) {
        accessed.or(pointsTo(o, s));
      }
    }
    if (i instanceof Mov m) {
      s.setReg(machine(m.dst()), pointsTo(m.src(), s));
    } else if (i instanceof Alu a) {
      BitSet pts = pointsTo(a.dst(), s);
      pts.or(pointsTo(a.src(), s));
      s.setReg(machine(a.dst()), pts);
    } else if (i instanceof Load l) {
      BitSet loaded = new BitSet();
      BitSet bases = pointsTo(l.base(), s);
      for (int t = bases.nextSetBit(0); t >= 0; t = bases.nextSetBit(t + 1)) {
        loaded.or(s.memory(t));
      }
      s.setReg(machine(l.dst()), loaded);
    } else if (i instanceof Store st) {
      store(st, s);
    } else if (i instanceof Call) {
      // Helpers never return stack addresses, and methods cannot return objects.
      i.defs().forEach(d -> s.regs.remove(machine(d)));
    } else {
      BitSet pts = new BitSet();
      for (Operand o : operands(i)) {
        pts.or(pointsTo(o, s));
      }
      i.defs().forEach(d -> s.setReg(machine(d), (BitSet) pts.clone()));
    }
  }

  private void store(Store st, State s) {
    BitSet value = pointsTo(st.src(), s);
    if (st.base() instanceof FrameAddr fa) {
      int t = index.get(fa.slot());
      if (fa.slot().size() == 8 && st.size() == 8) {
        s.memory.remove(t);
      }
      if (!value.isEmpty()) {
        s.memory.computeIfAbsent(t, k -> new BitSet()).or(value);
      }
      return;
    }
    if (value.isEmpty()) {
      return;
    }
    BitSet bases = pointsTo(st.base(), s);
    if (bases.isEmpty()) {
      escaped.or(value);
    }
    for (int t = bases.nextSetBit(0); t >= 0; t = bases.nextSetBit(t + 1)) {
      s.memory.computeIfAbsent(t, k -> new BitSet()).or(value);
    }
  }

  private BitSet pointsTo(Operand o, State s) {
    BitSet out = new BitSet();
    if (o instanceof FrameAddr fa) {
      Integer i = index.get(fa.slot());
      if (i != null) {
        out.set(i);
      }
    } else if (o instanceof Reg r) {
      BitSet b = s.regs.get(machine(r));
      if (b != null) {
        out.or(b);
      }
    }
    return out;
  }

  /** The machine register of {@code r} (the register itself if it has none). */
  private Object machine(Reg r) {
    if (r.isFixed()) {
      return r.fixed();
    }
    Register m = registers.get(r);
    return m == null ? r : m;
  }

  /** Every operand {@code i} reads: its registers and the addresses it names. */
  private static List<Operand> operands(Insn i) {
    List<Operand> out = new ArrayList<>(i.uses());
    if (i instanceof Mov m) {
      out.add(m.src());
    } else if (i instanceof Alu a) {
      out.add(a.src());
    } else if (i instanceof Load l) {
      out.add(l.base());
    } else if (i instanceof Store st) {
      out.add(st.base());
      out.add(st.src());
    } else if (i instanceof AtomicOp a) {
      out.add(a.base());
    } else if (i instanceof Branch b) {
      b.mapUses(
          o -> {
            out.add(o);
            return o;
          });
    }
    return out;
  }

  // ---- where each slot is in use: between its accesses

  /**
   * Per slot, the instructions (numbered through the blocks in layout order) where it is in use.
   */
  private BitSet[] occupancy() {
    BitSet[] occupied = new BitSet[slots.size()];
    Map<Block, Integer> start = new IdentityHashMap<>();
    int n = 0;
    for (Block b : f.blocks()) {
      start.put(b, n);
      n += b.insns().size();
    }
    for (int slot = 0; slot < slots.size(); slot++) {
      occupied[slot] = new BitSet(n);
      Map<Block, int[]> range = accessRanges(slot);
      if (range.isEmpty()) {
        continue;
      }
      Map<Block, Boolean> reachedFromAccess = reachedFromAccess(range);
      Map<Block, Boolean> reachesAccess = reachesAccess(range);
      for (Block b : f.blocks()) {
        int[] r = range.get(b);
        int size = b.insns().size();
        int from = reachedFromAccess.get(b) ? 0 : r == null ? size : r[0];
        int to = reachesAccess.get(b) ? size - 1 : r == null ? -1 : r[1];
        if (from <= to) {
          occupied[slot].set(start.get(b) + from, start.get(b) + to + 1);
        }
      }
    }
    return occupied;
  }

  /** Per block with accesses of {@code slot}: the first and the last accessing instruction. */
  private Map<Block, int[]> accessRanges(int slot) {
    Map<Block, int[]> out = new IdentityHashMap<>();
    for (Block b : f.blocks()) {
      List<BitSet> perInsn = accesses.get(b);
      for (int j = 0; j < perInsn.size(); j++) {
        if (perInsn.get(j).get(slot)) {
          int[] r = out.computeIfAbsent(b, k -> new int[] {Integer.MAX_VALUE, -1});
          r[0] = Math.min(r[0], j);
          r[1] = Math.max(r[1], j);
        }
      }
    }
    return out;
  }

  /** Whether control can enter each block after an access (through a predecessor). */
  private Map<Block, Boolean> reachedFromAccess(Map<Block, int[]> range) {
    Map<Block, Boolean> in = new IdentityHashMap<>();
    f.blocks().forEach(b -> in.put(b, false));
    Deque<Block> work = new ArrayDeque<>(range.keySet());
    while (!work.isEmpty()) {
      Block b = work.poll();
      for (Block s : b.successors()) {
        if (!in.get(s)) {
          in.put(s, true);
          work.add(s);
        }
      }
    }
    return in;
  }

  /** Whether control can reach an access after leaving each block (through a successor). */
  private Map<Block, Boolean> reachesAccess(Map<Block, int[]> range) {
    Map<Block, Boolean> out = new IdentityHashMap<>();
    f.blocks().forEach(b -> out.put(b, false));
    Deque<Block> work = new ArrayDeque<>(range.keySet());
    while (!work.isEmpty()) {
      Block b = work.poll();
      for (Block p : predecessors.getOrDefault(b, List.of())) {
        if (!out.get(p)) {
          out.put(p, true);
          work.add(p);
        }
      }
    }
    return out;
  }

  private BitSet[] interference(BitSet[] occupied) {
    BitSet[] out = new BitSet[slots.size()];
    for (int a = 0; a < slots.size(); a++) {
      out[a] = new BitSet();
    }
    for (int a = 0; a < slots.size(); a++) {
      for (int b = a + 1; b < slots.size(); b++) {
        boolean overlap = escaped.get(a) || escaped.get(b) || occupied[a].intersects(occupied[b]);
        if (overlap && !inDifferentInlinedCalls(slots.get(a), slots.get(b))) {
          out[a].set(b);
          out[b].set(a);
        }
      }
    }
    return out;
  }

  /** Slots of two different inlined calls, which never live at the same time (see regions). */
  private static boolean inDifferentInlinedCalls(FrameSlot a, FrameSlot b) {
    return a.region() != null && b.region() != null && a.region() != b.region();
  }
}
