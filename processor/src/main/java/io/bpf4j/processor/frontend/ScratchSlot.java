package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.IrBuilder;

/**
 * The one stack slot of a function where scalar map keys and values and packet bytes read by a
 * helper are put to pass their address; created on first use and grown to the largest use.
 */
final class ScratchSlot {
  private final IrBuilder b;
  private FrameSlot slot;

  ScratchSlot(IrBuilder b) {
    this.b = b;
  }

  /** The slot, at least {@code size} bytes large. */
  FrameSlot atLeast(int size) {
    if (slot == null) {
      slot = b.function().newSlot("scratch", size, 8, FrameSlot.Purpose.SCRATCH, b.line());
    }
    slot.growTo(size);
    return slot;
  }
}
