package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import org.junit.jupiter.api.Test;

/**
 * A program that runs the verifier through its million-instruction budget produces a log of ~100
 * MB. Its rejection must cost one more verifier run with a bounded log (16 MiB, of which the kernel
 * keeps the end), not runs with ever larger buffers until the whole log fits, and still name the
 * Java line. Measured in a child JVM, so the peak RSS is the rejection's own.
 */
class MillionStepRejectionTest {
  @Test
  void aMillionStepRejectionIsCheapAndKeepsItsJavaLine() {
    KernelAssumptions.requireRoot();
    ChildJvm.Result child = ChildJvm.run(MillionStepLoad.class).assertSuccess();
    System.out.printf(
        "[bpf4j-it] million-step rejection: %s ms, peak RSS %s kB, log kept %s of %s bytes%n",
        child.value("millis"),
        child.value("peakRssKb"),
        child.value("logLength"),
        child.value("logTrueSize"));
    assertEquals("rejected", child.value("outcome"), child.describe());
    // The verifier stops wherever in the loop its budget runs out: line 31 or 32.
    assertTrue(child.value("location").matches(MillionStepLoad.FILE + ":3[12]"), child.describe());
    assertTrue(
        child.value("message").contains("too large"), "the reason: " + child.value("message"));
    assertTrue(child.longValue("logLength") < 16 << 20, child.describe());
    assertTrue(child.longValue("logTrueSize") > 16 << 20, child.describe());
    assertTrue(
        child.longValue("peakRssKb") < 200_000, "peak RSS " + child.value("peakRssKb") + " kB");
  }
}
