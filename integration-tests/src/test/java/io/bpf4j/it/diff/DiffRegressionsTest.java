package io.bpf4j.it.diff;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.diff.DiffRunner.Kind;
import io.bpf4j.it.diff.DiffRunner.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every mismatch the random differential test found, shrunk to a small program under {@code
 * src/test/resources/diff/regressions/}: each must compile, load, and give the same return values
 * and maps in the simulator and the kernel on seeded frames. The program's comment says what was
 * wrong and where it was fixed.
 */
class DiffRegressionsTest {
  /** Processor: array locals in sibling scopes (one javac slot) were refused. */
  @Test
  void arraysInSiblingScopes() {
    agree("ArraysInSiblingScopes");
  }

  /** Processor: maps on the operand stack were lost after an always-failing division. */
  @Test
  void mapPastConstantFailure() {
    agree("MapPastConstantFailure");
  }

  /** Processor (optimizer): packet-check facts multiplied around loops until javac ran out. */
  @Test
  void packetChecksLoop() {
    agree("PacketChecksLoop");
  }

  /** Processor (optimizer): a 32-bit operand's wide range was taken as one value; masks lost. */
  @Test
  void lowHalfOfWideRange() {
    agree("LowHalfOfWideRange");
  }

  /** Processor (optimizer): ranges of quotients dropped checks the verifier needs. */
  @Test
  void quotientOffsets() {
    agree("QuotientOffsets");
  }

  /** Frontend: Java's unsigned int/long helpers as 32-bit moves and BPF's unsigned division. */
  @Test
  void unsignedArithmetic() {
    agree("UnsignedArithmetic");
  }

  /** Frontend: Integer/Long.compare and compareUnsigned as jumps, or -1/0/1 when used as values. */
  @Test
  void unsignedCompares() {
    agree("UnsignedCompares");
  }

  /** Processor (optimizer): ranges of LD_ABS results dropped checks the verifier needs. */
  @Test
  void packetByteIndex() {
    agree("PacketByteIndex");
  }

  /** Processor (frame layout): a box whose address was spilled shared another's bytes. */
  @Test
  void nestedBoxesSpilled() {
    agree("NestedBoxesSpilled");
  }

  /** Processor (register allocator): gave up where spilling a neighbour would do. */
  @Test
  void spillPressure() {
    agree("SpillPressure");
  }

  /** Processor and simulator: a null map value passed to update. */
  @Test
  void nullMapValueArgument() {
    agree("NullMapValueArgument");
  }

  /** Processor: XDP reads at constant offsets past 32767 crashed the emitter. */
  @Test
  void xdpFarOffsets() {
    agree("XdpFarOffsets");
  }

  /** Kernel 6.18 verifier bug, worked around by the processor: a frame growing inside a loop. */
  @Test
  void frameGrowsInLoop() {
    agree("FrameGrowsInLoop");
  }

  /** Processor (optimizer): the i2l of an int loaded from memory was dropped. */
  @Test
  void intLoadsWiden() {
    agree("IntLoadsWiden");
  }

  private static void agree(String name) {
    KernelAssumptions.requireBpffs();
    Map<String, Verdict> verdicts = RegressionProgram.run(name);
    StringBuilder failures = new StringBuilder();
    for (Verdict v : verdicts.values()) {
      if (v.kind() != Kind.AGREE) {
        failures.append(v.program()).append(": ").append(v.kind()).append('\n');
        failures.append(v.detail()).append('\n');
      }
    }
    if (failures.length() > 0) {
      fail("diff/regressions/" + name + ".java, simulator vs kernel:\n" + failures);
    }
  }
}
