package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Regression test for a compiler bug, corpus/sim/Initializers.java: {@code new} of a
 * {@code @Struct} zeroes the object but skips its field initializers and its constructor body,
 * silently, so the kernel sees 0 where Java sees the initialized values. Found by the simulator
 * (which runs the class as Java) against the kernel. A fix may run the constructor or refuse it
 * with a javac error; with the latter, change this test to expect the error.
 */
class StructInitializersTest {
  @Test
  @Disabled(
      "compiler bug: @Struct field initializers and constructor bodies are ignored by new; the"
          + " program returns 46 instead of 309. Enable once the processor runs or refuses them.")
  void newRunsTheStructsInitializers() {
    Expect expect = new Expect("sim/Initializers");
    try (BpfObject obj = Corpus.load("sim/Initializers")) {
      int ret = obj.program("initialized").testRun(Packet.udpFrame(60), 1).retval();
      expect.equal(7 + 256 + 46, ret, "seven + (big >> 32) + len");
    }
    expect.verify();
  }
}
