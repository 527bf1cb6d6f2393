package io.bpf4j.it.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel vocabulary's table of helpers that only some program types may call, checked against
 * the running kernel: for each helper and program type, a minimal program calling it is loaded, and
 * the verifier's "unknown func" tells that the type may not call it (other rejections are about the
 * zero arguments and mean the helper itself is available). Program types that load only with a BTF
 * attach target (fentry, lsm, ...) cannot be probed this way and are left out.
 */
class HelperTableTest {
  @Test
  void tableMatchesTheKernel() {
    KernelAssumptions.requireRoot();
    List<String> mismatches = new ArrayList<>();
    for (ProgramType type : ProgramType.values()) {
      if (!type.compiledByBpf4j() || type.needsBtfAttachTarget()) {
        // Without a BTF attach target the kernel refuses the probe before looking at a helper.
        continue;
      }
      for (Helper helper : Helper.values()) {
        boolean kernel = kernelAllows(type, helper.id());
        if (kernel != helper.allowedIn(type)) {
          mismatches.add(
              type + " " + helper.kernelName() + ": kernel " + (kernel ? "allows" : "refuses"));
        }
      }
    }
    assertEquals(List.of(), mismatches);
  }

  private static boolean kernelAllows(ProgramType programType, int helper) {
    // r1..r5 = 0; call helper; r0 = 0; exit
    ByteBuffer code = ByteBuffer.allocate(8 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 1; r <= 5; r++) {
      code.put((byte) 0xb7).put((byte) r).putShort((short) 0).putInt(0);
    }
    code.put((byte) 0x85).put((byte) 0).putShort((short) 0).putInt(helper);
    code.put((byte) 0xb7).put((byte) 0).putShort((short) 0).putInt(0);
    code.put((byte) 0x95).put((byte) 0).putShort((short) 0).putInt(0);
    try (BpfProgram loaded = BpfRuntime.loadProgram("probe", programType, code.array(), "GPL")) {
      return true;
    } catch (VerifierException e) {
      return !(e.log().contains("unknown func") || e.log().contains("cannot use helper"));
    } catch (BpfException e) {
      // Rejected without a verifier log: not about the helper.
      return true;
    }
  }
}
