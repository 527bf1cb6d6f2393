package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.fake.FakeKernel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QueueHandle over QUEUE and STACK maps: NULL-key element commands, order, full and empty. */
class QueueHandleTest {
  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void nothingLeaks() {
    assertEquals(List.of(), kernel.closeErrors());
  }

  private BpfObject load() {
    return BpfRuntime.load(kernel, bpffs, TestObjects.queues(), "queues");
  }

  @Test
  void aQueueIsFifoAndAStackLifo() {
    try (BpfObject obj = load();
        QueueHandle<Integer> fifo = obj.queue("fifo", Integer.class);
        QueueHandle<Integer> lifo = obj.queue("lifo", Integer.class)) {
      assertEquals(0, kernel.map("fifo").create().keySize(), "keyless");
      assertFalse(fifo.isStack());
      assertTrue(lifo.isStack());
      assertNull(fifo.pop());
      assertNull(lifo.peek());
      for (int i = 1; i <= 3; i++) {
        fifo.push(i);
        lifo.push(i);
      }
      assertEquals(1, fifo.peek());
      assertEquals(3, lifo.peek());
      assertEquals(1, fifo.pop());
      assertEquals(3, lifo.pop());
      assertEquals(2, fifo.pop());
      assertEquals(2, lifo.pop());
      assertEquals(3, fifo.pop());
      assertEquals(1, lifo.pop());
      assertNull(fifo.pop());
      assertNull(lifo.pop());
    }
  }

  @Test
  void aFullMapRefusesUnlessExistDropsTheOldest() {
    try (BpfObject obj = load();
        QueueHandle<Integer> fifo = obj.queue("fifo", Integer.class)) {
      fifo.push(1);
      fifo.push(2);
      fifo.push(3);
      BpfException e = assertThrows(BpfException.class, () -> fifo.push(4));
      assertEquals(Errno.E2BIG, e.errno());
      assertTrue(e.getMessage().contains("queue fifo"), e.getMessage());
      fifo.push(4, 2);
      assertEquals(2, fifo.pop());
      BpfException bad = assertThrows(BpfException.class, () -> fifo.push(5, 1));
      assertEquals(Errno.EINVAL, bad.errno());
    }
  }

  @Test
  void onlyQueuesAndStacksAndValuesOfTheirSize() {
    try (BpfObject obj = load()) {
      BpfException e = assertThrows(BpfException.class, () -> obj.queue("table", Integer.class));
      assertTrue(e.getMessage().contains("not a queue or stack"), e.getMessage());
      assertThrows(BpfException.class, () -> obj.queue("fifo", Long.class));
      QueueHandle<Integer> q = obj.queue("fifo", Integer.class);
      q.close();
      assertThrows(IllegalStateException.class, q::pop);
    }
  }
}
