package io.bpf4j.it.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.lang.Xdp;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.TestRunResult;
import io.bpf4j.testing.Ipv4Frames;
import org.junit.jupiter.api.Test;

/**
 * {@code BpfProgram.testRunLiveFrames} ({@code BPF_F_TEST_XDP_LIVE_FRAMES}, kernel 5.18+): the
 * clang reflector transmits 100,000 live frames out of loopback; the kernel reports no data back.
 */
class LiveFramesTest {
  @Test
  void liveFramesRunTheReflectorThroughTheXdpPath() {
    KernelAssumptions.requireBpffs();
    byte[] frame = Ipv4Frames.udp(0x0a000001, 5555, 0x0a000002, 7, new byte[18]);
    try (BpfObject obj = BpfRuntime.load(PacketC.object("xdp_reflector"))) {
      long t0 = System.nanoTime();
      TestRunResult r = obj.program("reflect").testRunLiveFrames(frame, 100_000, 64);
      long ns = System.nanoTime() - t0;
      assertEquals(0, r.dataOut().length);
      assertTrue(ns > 0);
      System.out.printf("[bpf4j-it] live frames: %,.0f frames/s%n", 100_000 / (ns / 1e9));
      assertEquals(Xdp.TX, obj.program("reflect").testRun(frame, 1).retval());
    }
  }
}
