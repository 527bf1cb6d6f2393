package io.bpf4j.processor.ir;

/**
 * A {@code new} of a {@code @Struct}: its stack slot, the first instruction that zeroes the slot
 * each time the {@code new} runs, and its line; for the check that no earlier object of the same
 * {@code new} is still in use there.
 */
public record NewSite(FrameSlot slot, Insn zeroing, int line) {}
