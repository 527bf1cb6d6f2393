package io.bpf4j.processor.emit;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Places every stack slot below r10 and enforces the kernel's 512-byte stack limit. */
public final class FrameLayout {
  public static final int MAX_STACK = 512;

  private FrameLayout() {}

  /**
   * Assigns offsets; returns the frame size in bytes. The function's own slots come first; after
   * them, the slots of each inlined call, every call's region starting at the same place (see
   * {@link FrameSlot#region}).
   */
  public static int assign(Function f) {
    int own = 0;
    Map<Object, List<FrameSlot>> regions = new LinkedHashMap<>();
    for (FrameSlot s : f.slots()) {
      if (s.region() == null) {
        own = place(s, own);
      } else {
        regions.computeIfAbsent(s.region(), k -> new ArrayList<>()).add(s);
      }
    }
    int used = own;
    for (List<FrameSlot> region : regions.values()) {
      int end = own;
      for (FrameSlot s : region) {
        end = place(s, end);
      }
      used = Math.max(used, end);
    }
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

  /** Puts {@code s} below {@code used} bytes, aligned; returns the bytes used with it. */
  private static int place(FrameSlot s, int used) {
    int end = (used + s.size() + s.align() - 1) / s.align() * s.align();
    s.setOffset(-end);
    return end;
  }
}
