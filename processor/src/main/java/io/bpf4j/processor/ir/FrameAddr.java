package io.bpf4j.processor.ir;

/** The address {@code r10 + slot.offset + offset}: a stack object, a key buffer or a spill slot. */
public record FrameAddr(FrameSlot slot, int offset) implements Operand {
  @Override
  public String toString() {
    return "&" + slot.name() + (offset == 0 ? "" : "+" + offset);
  }
}
