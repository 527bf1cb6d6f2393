package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracepoint and raw tracepoint programs written in Java (corpus/attach/SyscallCounters) attached
 * where their sections say, counting the getppid calls of a traced process whose pid the test
 * knows: exactly as many as it made, and none once the links are closed.
 */
class TracepointAttachTest {
  static final int ROUNDS = 37;

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireBpffs();
  }

  @Test
  void attachAllCountsEveryGetppidOfTheTracedProcessExactly() {
    try (BpfObject obj = Corpus.load("attach/SyscallCounters");
        MapHandle<Integer, Long> tracepoint =
            obj.map("tracepointCounts", Integer.class, Long.class);
        MapHandle<Integer, Long> raw = obj.map("rawCounts", Integer.class, Long.class)) {
      List<BpfLink> links = obj.attachAll();
      assertEquals(2, links.size(), links.toString());
      int pid = AttachFixtures.run(ROUNDS);
      assertEquals(ROUNDS, tracepoint.get(pid), "tracepoint syscalls/sys_enter_getppid");
      assertEquals(ROUNDS, raw.get(pid), "raw_tp sys_enter, id 110");
      for (BpfLink link : links) {
        link.close();
      }
      int after = AttachFixtures.run(ROUNDS);
      assertNull(tracepoint.get(after), "detached: no more tracepoint events");
      assertNull(raw.get(after), "detached: no more raw tracepoint events");
    }
  }

  @Test
  void perfEventLinksArePinnableAndClosingTheObjectDetaches() throws Exception {
    try (PinDir pins = PinDir.create()) {
      int pid;
      try (BpfObject obj = Corpus.load("attach/SyscallCounters");
          MapHandle<Integer, Long> tracepoint =
              obj.map("tracepointCounts", Integer.class, Long.class)) {
        BpfLink link = Links.tracepoint(obj.program("onGetppid"), "syscalls", "sys_enter_getppid");
        link.pin(pins.resolve("tp_link"));
        assertTrue(Files.exists(pins.resolve("tp_link")));
        pid = AttachFixtures.run(ROUNDS);
        assertEquals(ROUNDS, tracepoint.get(pid));
        BpfLink rawLink = obj.program("onSysEnter").attach();
        assertTrue(rawLink.toString().contains("raw tracepoint sys_enter"), rawLink.toString());
      }
      // The object closed its links; the pinned one stays until its pin is removed.
      Files.delete(pins.resolve("tp_link"));
    }
  }

  @Test
  void aMissingTracepointIsNamed() {
    try (BpfObject obj = Corpus.load("attach/SyscallCounters")) {
      BpfException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              BpfException.class,
              () -> Links.tracepoint(obj.program("onGetppid"), "syscalls", "sys_enter_nothing"));
      assertTrue(
          e.getMessage().contains("no tracepoint syscalls/sys_enter_nothing"), e.getMessage());
    }
  }
}
