package io.bpf4j.it.corpus;

import static io.bpf4j.it.corpus.GlobalVariables.le;

import io.bpf4j.runtime.BpfObject;
import org.junit.jupiter.api.Test;

/**
 * corpus/ConfigBranches.java: configuration set before load changes what the program does, and the
 * verifier, which reads the frozen .rodata as constants, removes the branch a flag turns off.
 */
class ConfigBranchesTest {
  private static final int ETH_HLEN = 14;

  @Test
  void aThresholdSetBeforeLoadChangesTheResult() {
    Expect expect = new Expect("ConfigBranches");
    byte[] frame = Packet.udpFrame(64);
    int len = frame.length - ETH_HLEN;
    for (int threshold : new int[] {10, len - 1, len, 1000}) {
      try (BpfObject obj =
          GlobalVariables.load(
              "ConfigBranches", o -> o.withVariable("threshold", le(threshold, 4)))) {
        int ret = obj.program("filter").testRun(frame, 1).retval();
        expect.equal(len > threshold ? 1 : 0, ret, "len " + len + " > threshold " + threshold);
      }
    }
    expect.verify();
  }

  @Test
  void theVerifierPrunesTheBranchADebugFlagDisables() {
    Expect expect = new Expect("ConfigBranches");
    int off;
    int on;
    try (BpfObject obj = GlobalVariables.load("ConfigBranches", o -> o)) {
      off = obj.program("filter").info().xlatedProgLen() / 8;
      obj.program("filter").testRun(Packet.udpFrame(64), 1);
      expect.equal(
          0L,
          GlobalVariables.dump(obj.program("filter"), "ConfigBr.bss").get("debugBytes"),
          "no debug");
    }
    try (BpfObject obj =
        GlobalVariables.load("ConfigBranches", o -> o.withVariable("debug", new byte[] {1}))) {
      on = obj.program("filter").info().xlatedProgLen() / 8;
      obj.program("filter").testRun(Packet.udpFrame(64), 1);
      expect.equal(
          (long) (64 - ETH_HLEN),
          GlobalVariables.dump(obj.program("filter"), "ConfigBr.bss").get("debugBytes"),
          "debug bytes counted");
    }
    System.out.println("ConfigBranches xlated instructions: debug off " + off + ", on " + on);
    expect.isTrue(
        on >= off + 12, "debug on (" + on + ") has the printk branch, off (" + off + ") not");
    expect.verify();
  }
}
