package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.lang.Bpf;
import org.junit.jupiter.api.Test;

/** Bpf.loop in the simulator, with bpf_loop's return values. */
class LoopTest {
  @Test
  void theCallbackStopsTheLoopAndItsCallCounts() {
    BpfSimulator sim = BpfSimulator.of(LoopPrograms.class);
    // skb.len() is 86 for a 100-byte frame: indexes 0..85 summed, the 87th call stops the loop.
    assertEquals(
        87 * 1_000_000 + 85 * 86 / 2,
        sim.run("sumUntilLength", Frames.ipv4(100, 17)).returnValue());
    // Never stopped: 1000 calls, 0..999 summed.
    assertEquals(
        1000 * 1_000_000 + 499_500, sim.run("sumUntilLength", Frames.ipv4(1100, 17)).returnValue());
  }

  @Test
  void theKernelLimitsAndFlagsHold() {
    assertEquals(-7, Bpf.loop(Bpf.MAX_LOOPS + 1, (i, c) -> 0, null), "-E2BIG");
    assertEquals(-7, Bpf.loop(-1, (i, c) -> 0, null), "the count is a u32");
    assertEquals(0, Bpf.loop(0, (i, c) -> 1, null), "no calls");
  }
}
