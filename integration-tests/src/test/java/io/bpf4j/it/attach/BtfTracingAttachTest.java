package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs attached by BTF id, from clang-built objects (c/attach): a tp_btf program is loaded with
 * its target's id from the kernel's BTF and counts exactly; fentry, fexit and lsm programs, which
 * this machine's kernel refuses at load (no BPF trampolines for them), fail with a message that
 * says so, after the loader found their targets.
 */
class BtfTracingAttachTest {
  static final int ROUNDS = 23;

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireBpffs();
  }

  @Test
  void tpBtfCountsEveryGetppidOfTheTracedProcessExactly() {
    Path object = AttachFixtures.bpfObject("tp_btf_getppid.c", "tp_btf_getppid.o");
    try (BpfObject obj = BpfRuntime.load(object);
        MapHandle<Integer, Long> counts = obj.map("getppid_calls", Integer.class, Long.class)) {
      assertEquals(ProgramType.TRACING, obj.program("count_getppid").type());
      assertEquals(AttachType.TRACE_RAW_TP, obj.program("count_getppid").expectedAttachType());
      int pid;
      try (BpfLink link = obj.program("count_getppid").attach()) {
        pid = AttachFixtures.run(ROUNDS);
        assertEquals(ROUNDS, counts.get(pid), "tp_btf/sys_enter with id 110");
      }
      int after = AttachFixtures.run(ROUNDS);
      assertNull(counts.get(after), "detached");
      assertEquals(1, obj.attachAll().size());
      int again = AttachFixtures.run(ROUNDS);
      assertEquals(ROUNDS, counts.get(again), "attachAll attached it again");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fentry/do_unlinkat", "fexit/do_unlinkat", "lsm/file_open"})
  void trampolineProgramsRefusedByTheKernelSaySo(String section) {
    Path object =
        AttachFixtures.bpfObject(
            "trampoline.c", section.replace('/', '_') + ".o", "-DSECTION=\"" + section + "\"");
    long start = System.nanoTime();
    BpfException e = assertThrows(BpfException.class, () -> BpfRuntime.load(object).close());
    System.out.printf(
        "[bpf4j-it] %s: load refused in %d ms: %s%n",
        section, (System.nanoTime() - start) / 1_000_000, e.getMessage());
    String message = e.getMessage();
    assertEquals(1, e.errno(), message);
    assertTrue(message.contains("(section " + section + ") failed (EPERM)"), message);
    assertTrue(
        message.contains(section.startsWith("lsm") ? "BPF LSM program" : "BPF trampoline"),
        message);
    assertTrue(message.contains("lockdown"), message);
  }

  @Test
  void aTargetTheKernelLacksIsNamedBeforeTheLoad() {
    Path object =
        AttachFixtures.bpfObject(
            "trampoline.c", "fentry_missing.o", "-DSECTION=\"fentry/bpf4j_no_such_function\"");
    BpfException e = assertThrows(BpfException.class, () -> BpfRuntime.load(object).close());
    assertTrue(
        e.getMessage().contains("BTF has no function bpf4j_no_such_function"), e.getMessage());
  }
}
