package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/BpfLoops.java: Bpf.loop callbacks compiled as subprograms and passed to bpf_loop as
 * BPF_PSEUDO_FUNC addresses; exact sums after 1000 iterations, an early stop, a lambda.
 */
class BpfLoopsTest {
  @Test
  void thousandIterationsSumExactly() {
    try (BpfObject obj = Corpus.load("BpfLoops");
        MapHandle<Integer, Long> results = obj.map("results", Integer.class, Long.class)) {
      assertEquals(1000, obj.program("sum").testRun(Packet.udpFrame(64), 1).retval());
      assertEquals(499_500L, results.get(0), "sum of 0..999");
      assertEquals(1000L, results.get(1), "callback calls");
      assertEquals(1000L, results.get(2), "bpf_loop's return");
      assertEquals(285L, results.get(3), "sum of squares 0..9 from the lambda");
    }
  }

  @Test
  void returningOneStopsTheLoopAndCountsThatCall() {
    try (BpfObject obj = Corpus.load("BpfLoops")) {
      byte[] frame = Packet.udpFrame(90);
      // The callback returns 1 at index len: bpf_loop made len + 1 calls.
      assertEquals(
          Packet.networkLength(frame) + 1, obj.program("stopAtLength").testRun(frame, 1).retval());
    }
  }

  @Test
  void libbpfLoadsTheCallbacksRelocatedAgainstText() {
    var object = Corpus.compile("BpfLoops");
    try (PinDir pins = PinDir.create()) {
      Tools.run(KernelAssumptions.requireTool("bpftool"), "prog", "loadall", object, pins.path())
          .assertSuccess();
      Tools.Result show =
          Tools.run(
                  KernelAssumptions.requireTool("bpftool"),
                  "prog",
                  "show",
                  "pinned",
                  pins.resolve("sum"))
              .assertSuccess();
      assertTrue(show.stdout().contains("socket_filter"), show.describe());
    }
  }
}
