package io.bpf4j.it.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.examples.trace.ExecSnoop;
import io.bpf4j.examples.trace.ExecSnoop.ExecEvent;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.RingBufReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ExecSnoop example in the kernel: each of N child processes whose pids the test knows arrives
 * exactly once, in order, with its file name and command name.
 */
class ExecSnoopKernelTest {
  static final int CHILDREN = 12;

  @Test
  void everyExecOfAKnownChildArrivesOnceInOrder() throws Exception {
    KernelAssumptions.requireRoot();
    try (BpfObject obj = BpfRuntime.load(ExecSnoop.class);
        RingBufReader<ExecEvent> events = obj.ringBuf("events", ExecEvent.class)) {
      List<BpfLink> links = obj.attachAll();
      assertEquals(1, links.size(), "the tracepoint program attaches itself");
      List<Long> pids = new ArrayList<>();
      for (int i = 0; i < CHILDREN; i++) {
        Process p = new ProcessBuilder("/bin/true").start();
        pids.add(p.pid());
        p.waitFor();
      }
      List<ExecEvent> ours = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (ours.size() < CHILDREN && System.nanoTime() < deadline) {
        events.poll(
            Duration.ofMillis(100),
            e -> {
              if (pids.contains((long) e.pid) && text(e.filename).endsWith("/true")) {
                ours.add(e);
              }
            });
      }
      events.drain(e -> {});
      assertEquals(CHILDREN, ours.size(), "one event per child");
      for (int i = 0; i < CHILDREN; i++) {
        assertEquals((long) pids.get(i), ours.get(i).pid, "event " + i + " in exec order");
        assertEquals("true", text(ours.get(i).comm), "comm after the exec");
      }
    }
  }

  static String text(byte[] c) {
    int n = 0;
    while (n < c.length && c[n] != 0) {
      n++;
    }
    return new String(c, 0, n, StandardCharsets.UTF_8);
  }
}
