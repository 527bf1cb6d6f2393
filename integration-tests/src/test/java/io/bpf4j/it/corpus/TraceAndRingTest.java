package io.bpf4j.it.corpus;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfObject;
import org.junit.jupiter.api.Test;

/** corpus/TraceAndRing.java: RingBuf.output, and tracing programs the verifier accepts. */
class TraceAndRingTest {
  @Test
  void ringOutputSucceedsAndTracingProgramsLoad() {
    Expect expect = new Expect("TraceAndRing");
    try (BpfObject obj = Corpus.load("TraceAndRing")) {
      // 4096 bytes hold 128 records of 16 + 8 (header) bytes: a few runs all fit.
      int ret = obj.program("record").testRun(Packet.udpFrame(80), 5).retval();
      expect.equal(1, ret, "RingBuf.output succeeded");
      expect.equal(ProgramType.TRACEPOINT, obj.program("exec").type(), "tracepoint type");
      expect.equal(
          ProgramType.RAW_TRACEPOINT, obj.program("switched").type(), "raw tracepoint type");
    }
    expect.verify();
  }
}
