package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uprobes and uretprobes on a function of a small gcc-built program, placed by the function's file
 * offset read from the program's ELF symbols: a traced process calling it N times gives exactly N
 * calls and N returns; a section naming {@code <path>:<symbol>} attaches by itself.
 */
class UprobeAttachTest {
  static final int ROUNDS = 41;

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireBpffs();
  }

  @Test
  void uprobeAndUretprobeCountEveryCallExactly() {
    Path target = AttachFixtures.target();
    Path object =
        AttachFixtures.bpfObject(
            "uprobe_counter.c",
            "uprobe_counter.o",
            "-DAUTO_SECTION=\"uprobe/" + target + ":" + AttachFixtures.PROBED_FUNCTION + "\"");
    try (BpfObject obj = BpfRuntime.load(object);
        MapHandle<Integer, Long> calls = obj.map("calls", Integer.class, Long.class);
        MapHandle<Integer, Long> returns = obj.map("returns", Integer.class, Long.class);
        MapHandle<Integer, Long> auto = obj.map("auto_calls", Integer.class, Long.class)) {
      // Only the program whose section names its target is attached by attachAll.
      List<BpfLink> all = obj.attachAll();
      assertEquals(1, all.size(), all.toString());
      int pid;
      try (BpfLink entry =
              Links.uprobe(
                  obj.program("count_calls"), target, AttachFixtures.PROBED_FUNCTION, false);
          BpfLink exit =
              Links.uprobe(
                  obj.program("count_returns"), target, AttachFixtures.PROBED_FUNCTION, true)) {
        pid = AttachFixtures.run(ROUNDS);
        assertEquals(ROUNDS, calls.get(pid), "uprobe");
        assertEquals(ROUNDS, returns.get(pid), "uretprobe");
        assertEquals(ROUNDS, auto.get(pid), "uprobe from the section");
      }
      int after = AttachFixtures.run(ROUNDS);
      assertNull(calls.get(after), "uprobe detached");
      assertNull(returns.get(after), "uretprobe detached");
      assertEquals(ROUNDS, auto.get(after), "the attachAll link is still there");
    }
  }

  @Test
  void aMissingSymbolIsNamed() {
    Path target = AttachFixtures.target();
    Path object = AttachFixtures.bpfObject("uprobe_counter.c", "uprobe_plain.o");
    try (BpfObject obj = BpfRuntime.load(object)) {
      BpfException e =
          assertThrows(
              BpfException.class,
              () -> Links.uprobe(obj.program("count_calls"), target, "no_such_function", false));
      assertTrue(e.getMessage().contains("defines no function no_such_function"), e.getMessage());
      BpfException bare =
          assertThrows(BpfException.class, () -> obj.program("count_calls").attach());
      assertTrue(
          bare.getMessage().contains("Links.uprobe(program, binary, symbol, false)"),
          bare.getMessage());
    }
  }
}
