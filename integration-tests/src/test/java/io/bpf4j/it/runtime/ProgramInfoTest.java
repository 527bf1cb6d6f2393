package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.ExampleObjects;
import io.bpf4j.it.Json;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.ProgramInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link BpfProgram#info()} reads {@code struct bpf_prog_info} at the right offsets: for the seed's
 * socket filter the numbers are non-zero and in sane relation to the object's code (the kernel
 * rewrites context accesses, map lookups and tail calls, so the translated size is near, not equal
 * to, the object's), and they equal what bpftool reads for the same program id.
 */
class ProgramInfoTest {
  private static final String PROGRAM = "socketFilter";

  @Test
  void seedProgramReportsVerifierAndJitFigures() {
    KernelAssumptions.requireBpffs();
    byte[] elf = ExampleObjects.bytes(ExampleObjects.BANDWIDTH_MONITOR);
    long objectSlots = ElfReader.read(elf).section("socket").orElseThrow().size() / 8;
    try (BpfObject obj = BpfRuntime.load(elf, "BandwidthMonitor")) {
      ProgramInfo info = obj.program(PROGRAM).info();
      String all = info.toString();
      assertTrue(info.id() > 0, all);
      assertEquals(PROGRAM, info.name(), all);
      assertEquals(ProgramType.SOCKET_FILTER, info.type(), all);
      assertEquals(16, info.tag().length(), all);
      assertTrue(info.gplCompatible(), "the seed is GPL: " + all);
      assertTrue(info.verifiedInsns() > 0, "the verifier processed nothing? " + all);
      assertTrue(info.jitedProgLen() > 0, "not JITed (net.core.bpf_jit_enable=0?): " + all);
      assertTrue(info.jitedFunctions() >= 1, all);
      assertEquals(0, info.xlatedProgLen() % 8, all);
      assertTrue(
          info.xlatedSlots() >= objectSlots / 2 && info.xlatedSlots() <= 4 * objectSlots,
          "xlated "
              + info.xlatedSlots()
              + " slots against "
              + objectSlots
              + " in the object: "
              + all);
      assertTrue(info.mapCount() >= 2, "bwMonitorMap and tailcallMap at least: " + all);
      assertTrue(info.btfId() > 0, "the object carries BTF: " + all);
      assertTrue(info.funcInfoCount() >= 1 && info.lineInfoCount() >= 1, all);
      assertTrue(info.loadTimeNs() > 0, all);
      assertEquals(0, info.createdByUid(), "loaded as root: " + all);

      // The same program, read by the kernel again, is the same program.
      ProgramInfo again = obj.program(PROGRAM).info();
      assertEquals(info.id(), again.id());
      assertEquals(info.tag(), again.tag());
      assertEquals(info.verifiedInsns(), again.verifiedInsns());

      Path bpftool = KernelAssumptions.requireTool("bpftool");
      Tools.Result show = Tools.run(bpftool, "-j", "prog", "show", "id", info.id()).assertSuccess();
      Map<?, ?> json = (Map<?, ?>) Json.parse(show.stdout());
      assertEquals((long) info.xlatedProgLen(), json.get("bytes_xlated"), show.describe());
      assertEquals((long) info.jitedProgLen(), json.get("bytes_jited"), show.describe());
      assertEquals(info.tag(), json.get("tag"), show.describe());
      if (json.containsKey("verified_insns")) {
        assertEquals((long) info.verifiedInsns(), json.get("verified_insns"), show.describe());
      }
    }
  }
}
