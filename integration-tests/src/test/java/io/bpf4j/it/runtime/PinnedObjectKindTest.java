package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.ProgArrayHandle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Opening a pin as the wrong kind of object is an exception that says what is pinned there, never a
 * handle that misreads it (API.md section 3: "a mismatch is an exception, never a silent misread").
 *
 * <p>Why this can go wrong: {@code BPF_OBJ_GET_INFO_BY_FD} answers for any bpf fd, with a {@code
 * bpf_prog_info} for a program and a {@code bpf_map_info} for a map, and both begin with a {@code
 * type} field. Read as the other kind, a map's type becomes a program type (an ARRAY map, 2, reads
 * as KPROBE), and a program's type a map type (a SCHED_CLS program, 3, reads as PROG_ARRAY).
 */
class PinnedObjectKindTest {

  @Test
  void aPinnedMapIsNotAProgram() {
    KernelAssumptions.requireBpffs();
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(BandwidthMonitor.class)) {
      obj.pin(pins.path());
      BpfException e =
          assertThrows(
              BpfException.class,
              () -> {
                try (BpfProgram p = BpfProgram.openPinned(pins.resolve("bwMonitorMap"))) {
                  System.out.println("[bpf4j-it] a pinned ARRAY map opened as program: " + p);
                }
              });
      assertTrue(e.getMessage().contains("not a program"), e.getMessage());
    }
  }

  @Test
  void aPinnedProgramIsNotAMap() {
    KernelAssumptions.requireBpffs();
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(BandwidthMonitor.class)) {
      obj.pin(pins.path());
      BpfException e =
          assertThrows(
              BpfException.class,
              () ->
                  MapHandle.openPinned(pins.resolve("socketFilter"), Integer.class, Integer.class)
                      .close());
      System.out.println("[bpf4j-it] a pinned program opened as map: " + e.getMessage());
      assertTrue(e.getMessage().contains("not a map"), e.getMessage());
    }
  }

  /** A tc program's type, SCHED_CLS, is 3, the number of BPF_MAP_TYPE_PROG_ARRAY. */
  @Test
  void aPinnedTcProgramIsNotAProgArray() {
    KernelAssumptions.requireBpffs();
    Assembler code = new Assembler().mov64(Register.R0, 0).exit();
    byte[] elf =
        AssembledObjects.skbProgram(
            "tc", "classifier", code, "Tc.java", Map.of(), new Btf(), List.of());
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(elf, "tc")) {
      BpfProgram tc = obj.program("classifier");
      assertTrue(tc.type() == ProgramType.SCHED_CLS, tc.toString());
      tc.pin(pins.resolve("classifier"));
      BpfException e =
          assertThrows(
              BpfException.class,
              () -> {
                try (ProgArrayHandle h = ProgArrayHandle.openPinned(pins.resolve("classifier"))) {
                  System.out.println(
                      "[bpf4j-it] a pinned SCHED_CLS program opened as prog array with "
                          + h.maxEntries()
                          + " slots");
                }
              });
      assertTrue(e.getMessage().contains("not a"), e.getMessage());
    }
  }
}
