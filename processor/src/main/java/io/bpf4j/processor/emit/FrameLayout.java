package io.bpf4j.processor.emit;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Places every stack slot below r10 and enforces the kernel's 512-byte stack limit. */
public final class FrameLayout {
  public static final int MAX_STACK = 512;

  private FrameLayout() {}

  /**
   * Assigns offsets, after register allocation ({@code registers}); returns the frame size in
   * bytes. Slots that are never in use at the same time share bytes ({@link SlotInterference}):
   * each slot, the function's own first and then those of each inlined call, goes to the lowest
   * place where it overlaps no slot in use with it.
   */
  public static int assign(Function f, Map<Reg, Register> registers) {
    List<FrameSlot> order = placementOrder(f);
    BitSet[] interference = SlotInterference.of(f, registers);
    Map<FrameSlot, Integer> ends = firstFit(f, order, interference);
    Map<FrameSlot, Integer> stacked = stackedLayout(f, order);
    // First fit is a heuristic: never let it do worse than stacking, the layout before sharing.
    if (size(stacked) < size(ends)) {
      ends = stacked;
    }
    ends.forEach((slot, end) -> slot.setOffset(-end));
    int used = size(ends);
    if (used > MAX_STACK) {
      List<FrameSlot> biggest = new ArrayList<>(f.slots());
      biggest.sort(Comparator.comparingInt(FrameSlot::size).reversed());
      List<String> names = new ArrayList<>();
      for (FrameSlot s : biggest.subList(0, Math.min(3, biggest.size()))) {
        names.add(
            s.name().replaceAll("\\d+$", "")
                + " ("
                + s.size()
                + " bytes, "
                + s.purpose().name().toLowerCase()
                + (s.line() > 0 ? ", line " + s.line() : "")
                + ")");
      }
      throw new CompileError(
          biggest.get(0).line(), Messages.stackTooLarge(used, String.join(", ", names)));
    }
    return used;
  }

  /** The function's own slots in creation order, then those of each inlined call. */
  private static List<FrameSlot> placementOrder(Function f) {
    List<FrameSlot> own = new ArrayList<>();
    Map<Object, List<FrameSlot>> regions = new LinkedHashMap<>();
    for (FrameSlot s : f.slots()) {
      if (s.region() == null) {
        own.add(s);
      } else {
        regions.computeIfAbsent(s.region(), k -> new ArrayList<>()).add(s);
      }
    }
    regions.values().forEach(own::addAll);
    return own;
  }

  /** Each slot's end (bytes below r10) at the lowest place free of the slots it interferes with. */
  private static Map<FrameSlot, Integer> firstFit(
      Function f, List<FrameSlot> order, BitSet[] interference) {
    Map<FrameSlot, Integer> ends = new IdentityHashMap<>();
    List<FrameSlot> all = f.slots();
    for (FrameSlot s : order) {
      BitSet others = interference[all.indexOf(s)];
      int end = alignUp(s.size(), s.align());
      boolean moved = true;
      while (moved) {
        moved = false;
        for (int o = others.nextSetBit(0); o >= 0; o = others.nextSetBit(o + 1)) {
          Integer otherEnd = ends.get(all.get(o));
          if (otherEnd != null && end - s.size() < otherEnd && otherEnd - all.get(o).size() < end) {
            end = alignUp(otherEnd + s.size(), s.align());
            moved = true;
          }
        }
      }
      ends.put(s, end);
    }
    return ends;
  }

  /**
   * The layout without sharing but between inlined calls: the own slots one below the other, then
   * each inlined call's slots from the same place on.
   */
  private static Map<FrameSlot, Integer> stackedLayout(Function f, List<FrameSlot> order) {
    Map<FrameSlot, Integer> ends = new IdentityHashMap<>();
    int own = 0;
    for (FrameSlot s : order) {
      if (s.region() == null) {
        own = alignUp(own + s.size(), s.align());
        ends.put(s, own);
      }
    }
    Object region = null;
    int used = own;
    for (FrameSlot s : order) {
      if (s.region() != null) {
        if (s.region() != region) {
          region = s.region();
          used = own;
        }
        used = alignUp(used + s.size(), s.align());
        ends.put(s, used);
      }
    }
    return ends;
  }

  private static int size(Map<FrameSlot, Integer> ends) {
    return ends.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static int alignUp(int n, int align) {
    return (n + align - 1) / align * align;
  }
}
