package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.QueueHandle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/QueueAndStack.java: QUEUE and STACK maps filled by BPF code and drained by Java in FIFO
 * and LIFO order, filled by Java and drained by BPF code, peek, empty maps, a full stack's -E2BIG
 * and a full queue's BPF_EXIST overwrite; and bpftool (libbpf) loads the same object.
 */
class QueueAndStackTest {

  static final class Sample {
    int len;
    long seq;
  }

  @Test
  void bpfPushesJavaPopsInFifoAndLifoOrder() {
    int[] frameLengths = {60, 70, 80, 90, 100, 110, 120, 130, 140, 150};
    List<Integer> lens = new ArrayList<>();
    try (BpfObject obj = Corpus.load("QueueAndStack");
        QueueHandle<Long> lengths = obj.queue("lengths", Long.class);
        QueueHandle<Integer> recent = obj.queue("recent", Integer.class);
        QueueHandle<Sample> samples = obj.queue("samples", Sample.class)) {
      assertNull(lengths.pop(), "an empty queue pops null");
      assertNull(recent.peek(), "an empty stack peeks null");
      for (int i = 0; i < frameLengths.length; i++) {
        byte[] frame = Packet.udpFrame(frameLengths[i]);
        int len = Packet.networkLength(frame);
        lens.add(len);
        int ret = obj.program("record").testRun(frame, 1).retval();
        // The stack holds 8: the 9th and 10th pushes fail with -E2BIG.
        assertEquals(i < 8 ? 0 : -Errno.E2BIG, ret, "push " + i + " to the stack");
      }
      assertEquals((long) lens.get(0), lengths.peek(), "peek shows the oldest");
      for (int i = 0; i < 8; i++) {
        assertEquals((long) lens.get(i), lengths.pop(), "queue pop " + i + " (FIFO)");
      }
      assertNull(lengths.pop(), "the queue is drained (its last two pushes failed)");
      assertTrue(recent.isStack());
      assertEquals(lens.get(7), recent.peek(), "peek shows the newest");
      for (int i = 7; i >= 0; i--) {
        assertEquals(lens.get(i), recent.pop(), "stack pop (LIFO) of push " + i);
      }
      assertNull(recent.pop());
      // BPF_EXIST on a full queue of 2 drops the oldest: the last two samples remain.
      Sample a = samples.pop();
      Sample b = samples.pop();
      assertEquals(lens.get(8), a.len);
      assertEquals(8, a.seq);
      assertEquals(lens.get(9), b.len);
      assertEquals(9, b.seq);
      assertNull(samples.pop());
    }
  }

  @Test
  void javaPushesBpfPops() {
    try (BpfObject obj = Corpus.load("QueueAndStack");
        QueueHandle<Integer> commands = obj.queue("commands", Integer.class);
        QueueHandle<Sample> requests = obj.queue("requests", Sample.class)) {
      byte[] frame = Packet.udpFrame(64);
      assertEquals(-1, obj.program("popCommand").testRun(frame, 1).retval(), "empty queue");
      assertEquals(-1, obj.program("peekCommand").testRun(frame, 1).retval(), "empty queue");
      for (int c = 11; c <= 14; c++) {
        commands.push(c);
      }
      BpfException full = assertThrows(BpfException.class, () -> commands.push(15));
      assertEquals(Errno.E2BIG, full.errno(), full.getMessage());
      commands.push(15, 2); // BPF_EXIST: drops 11
      assertEquals(12, obj.program("peekCommand").testRun(frame, 1).retval(), "peek");
      assertEquals(12, obj.program("peekCommand").testRun(frame, 1).retval(), "peek again");
      for (int c = 12; c <= 15; c++) {
        assertEquals(c, obj.program("popCommand").testRun(frame, 1).retval(), "pop " + c);
      }
      assertEquals(-1, obj.program("popCommand").testRun(frame, 1).retval(), "drained");
      assertNull(commands.peek());

      for (int i = 1; i <= 3; i++) {
        Sample s = new Sample();
        s.len = 100 + i;
        s.seq = i;
        requests.push(s);
      }
      assertEquals(103 * 1000 + 3, obj.program("popRequest").testRun(frame, 1).retval());
      assertEquals(102 * 1000 + 2, obj.program("popRequest").testRun(frame, 1).retval());
      Sample left = requests.peek();
      assertEquals(101, left.len);
      assertEquals(101 * 1000 + 1, obj.program("popRequest").testRun(frame, 1).retval());
      assertEquals(-1, obj.program("popRequest").testRun(frame, 1).retval());
    }
  }

  @Test
  void bpftoolLoadsTheObject() {
    var object = Corpus.compile("QueueAndStack");
    try (PinDir pins = PinDir.create()) {
      Tools.Result r =
          Tools.run(
              KernelAssumptions.requireTool("bpftool"),
              "prog",
              "loadall",
              object,
              pins.path(),
              "pinmaps",
              pins.resolve("maps"));
      r.assertSuccess();
      Tools.Result show =
          Tools.run(
                  KernelAssumptions.requireTool("bpftool"),
                  "map",
                  "show",
                  "pinned",
                  pins.resolve("maps").resolve("lengths"))
              .assertSuccess();
      assertTrue(show.stdout().contains("queue"), show.describe());
      assertTrue(show.stdout().contains("key 0B  value 8B  max_entries 8"), show.describe());
    }
  }
}
