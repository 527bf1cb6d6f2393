package io.bpf4j.examples.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.examples.trace.ExecSnoop.ExecEvent;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimTracepointContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exec snooper, run in the JVM on a hand-made sched_process_exec record. */
class ExecSnoopTest {
  /** A record as the kernel writes it: header, __data_loc filename, pid, old_pid, the string. */
  static byte[] execRecord(String filename, int pid) {
    byte[] name = (filename + "\0").getBytes(StandardCharsets.UTF_8);
    ByteBuffer r = ByteBuffer.allocate(20 + name.length).order(ByteOrder.LITTLE_ENDIAN);
    r.putInt(8, (name.length << 16) | 20).putInt(12, pid).putInt(16, pid).put(20, name);
    return r.array();
  }

  static String text(byte[] cString) {
    int n = 0;
    while (n < cString.length && cString[n] != 0) {
      n++;
    }
    return new String(cString, 0, n, StandardCharsets.UTF_8);
  }

  /** A task whose parent is process {@code ppid}, as the test's fake kernel holds it. */
  static Task task(int pid, int ppid) {
    Task parent = new Task();
    parent.pid = ppid;
    parent.tgid = ppid;
    Task t = new Task();
    t.pid = pid;
    t.tgid = pid;
    t.real_parent = parent;
    return t;
  }

  @Test
  void oneEventPerExecWithNameAndFile() {
    BpfSimulator sim =
        BpfSimulator.of(ExecSnoop.class)
            .comm("bash")
            .uidGid((7L << 32) | 1000)
            .currentTask(task(4242, 77));
    sim.run("onExec", new SimTracepointContext(execRecord("/usr/bin/true", 4242)));
    List<ExecEvent> events = sim.<ExecEvent>ringBuf("events").consume();
    assertEquals(1, events.size());
    ExecEvent e = events.get(0);
    assertEquals(4242, e.pid);
    assertEquals(1000, e.uid);
    assertEquals(77, e.ppid, "real_parent.tgid of the current task");
    assertEquals("bash", text(e.comm));
    assertEquals("/usr/bin/true", text(e.filename));
  }

  @Test
  void aLongFileNameIsCutToTheFieldAndStillEnds() {
    BpfSimulator sim = BpfSimulator.of(ExecSnoop.class).currentTask(task(1, 0));
    String longName = "/" + "x".repeat(300);
    sim.run("onExec", new SimTracepointContext(execRecord(longName, 1)));
    ExecEvent e = sim.<ExecEvent>ringBuf("events").consume().get(0);
    assertEquals(longName.substring(0, 127), text(e.filename));
    assertEquals(0, e.filename[127]);
  }
}
