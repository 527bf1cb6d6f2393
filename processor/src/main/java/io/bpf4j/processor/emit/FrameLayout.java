package io.bpf4j.processor.emit;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Places every stack slot below r10 and enforces the kernel's 512-byte stack limit. */
public final class FrameLayout {
  public static final int MAX_STACK = 512;

  private FrameLayout() {}

  /** Assigns offsets; returns the frame size in bytes. */
  public static int assign(Function f) {
    int used = 0;
    for (FrameSlot s : f.slots()) {
      used = (used + s.size() + s.align() - 1) / s.align() * s.align();
      s.setOffset(-used);
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
}
