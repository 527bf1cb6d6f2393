package io.bpf4j.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bpf4j.examples.trace.ExecSnoop;
import io.bpf4j.examples.trace.ExecSnoop.ExecEvent;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.RingBufReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ExecSnoop example on the real kernel: the exec of a process the test starts arrives with its
 * pid, its parent's pid (read from {@code task_struct} through CO-RE) and its comm, as {@code
 * /proc} has them.
 */
class ExecSnoopKernelTest {
  @Test
  void reportsPidParentAndCommOfAnExec() throws Exception {
    KernelAssumptions.requireRoot();
    KernelAssumptions.requireBpffs();
    try (BpfObject obj = BpfRuntime.load(ExecSnoop.class);
        RingBufReader<ExecEvent> events = obj.ringBuf("events", ExecEvent.class)) {
      obj.attachAll();
      Process child = new ProcessBuilder("/bin/sleep", "2").start();
      try {
        long pid = child.pid();
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        long ppid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        ExecEvent mine = null;
        for (int i = 0; i < 50 && mine == null; i++) {
          List<ExecEvent> seen = new ArrayList<>();
          events.poll(Duration.ofMillis(100), seen::add);
          for (ExecEvent e : seen) {
            if (e.pid == pid && text(e.comm).equals(comm)) {
              mine = e;
            }
          }
        }
        assertNotNull(mine, "no exec event of pid " + pid);
        assertEquals(ppid, mine.ppid, "ppid from task_struct.real_parent.tgid");
        assertEquals(ProcessHandle.current().pid(), mine.ppid);
        assertEquals("/bin/sleep", text(mine.filename));
      } finally {
        child.destroy();
        child.waitFor();
      }
    }
  }

  private static String text(byte[] c) {
    int n = 0;
    while (n < c.length && c[n] != 0) {
      n++;
    }
    return new String(c, 0, n, StandardCharsets.UTF_8);
  }
}
