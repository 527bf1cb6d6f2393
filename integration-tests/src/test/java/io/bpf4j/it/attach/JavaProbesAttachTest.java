package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The uprobe, uretprobe and tp_btf attachments again, with programs written in Java
 * (corpus/attach/ProbeCounters.java): exact counts for a traced process, none after detach.
 */
class JavaProbesAttachTest {
  static final int ROUNDS = 19;

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireBpffs();
  }

  @Test
  void uprobeAndUretprobeFromJava() {
    Path target = AttachFixtures.target();
    try (BpfObject obj = Corpus.load("attach/ProbeCounters");
        MapHandle<Integer, Long> calls = obj.map("calls", Integer.class, Long.class);
        MapHandle<Integer, Long> returns = obj.map("returns", Integer.class, Long.class)) {
      int pid;
      try (BpfLink entry =
              Links.uprobe(
                  obj.program("countCalls"), target, AttachFixtures.PROBED_FUNCTION, false);
          BpfLink exit =
              Links.uprobe(
                  obj.program("countReturns"), target, AttachFixtures.PROBED_FUNCTION, true)) {
        pid = AttachFixtures.run(ROUNDS);
      }
      assertEquals(ROUNDS, calls.get(pid), "uprobe");
      assertEquals(ROUNDS, returns.get(pid), "uretprobe");
      int after = AttachFixtures.run(ROUNDS);
      assertNull(calls.get(after), "detached");
    }
  }

  @Test
  void tpBtfFromJavaCountsEveryGetppid() {
    try (BpfObject obj = Corpus.load("attach/ProbeCounters");
        MapHandle<Integer, Long> counts = obj.map("getppidCalls", Integer.class, Long.class)) {
      int pid;
      try (BpfLink link = obj.program("countGetppid").attach()) {
        pid = AttachFixtures.run(ROUNDS);
      }
      assertEquals(ROUNDS, counts.get(pid), "getppid calls of the traced process");
      assertNull(counts.get(AttachFixtures.run(ROUNDS)), "detached");
    }
  }
}
