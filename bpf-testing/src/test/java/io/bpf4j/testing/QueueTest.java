package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testing.QueuePrograms.Sample;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QUEUE (FIFO) and STACK (LIFO) maps with the kernel's rules for full maps and flags. */
class QueueTest {
  private static final int E2BIG = 7;
  private static final int EINVAL = 22;

  private BpfSimulator sim;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(QueuePrograms.class);
  }

  @Test
  void aQueuePopsOldestFirstAndAStackNewestFirst() {
    assertEquals(-1, sim.run("popLength", Frames.ipv4(60, 17)).returnValue());
    assertEquals(-1, sim.run("peekRecent", Frames.ipv4(60, 17)).returnValue());
    int[] sizes = {60, 70, 80, 90};
    int[] lens = new int[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      SimResult r = sim.run("record", Frames.ipv4(sizes[i], 17));
      lens[i] = sizes[i] - 14;
      assertEquals(i < 3 ? 0 : -E2BIG, r.returnValue(), "stack push " + i);
    }
    SimQueue<Long> lengths = sim.queue("lengths");
    SimQueue<Integer> recent = sim.queue("recent");
    assertTrue(recent.isStack());
    assertEquals(List.of((long) lens[0], (long) lens[1], (long) lens[2]), lengths.contents());
    assertEquals(List.of(lens[2], lens[1], lens[0]), recent.contents());
    assertEquals(lens[2], sim.run("peekRecent", Frames.ipv4(60, 17)).returnValue());
    assertEquals(lens[0], sim.run("popLength", Frames.ipv4(60, 17)).returnValue());
    assertEquals(lens[1], sim.run("popLength", Frames.ipv4(60, 17)).returnValue());
    assertEquals(1, lengths.size());
    assertEquals(lens[2], recent.pop());
    assertEquals(lens[1], recent.peek());
  }

  @Test
  void existOverwritesTheOldestAndValuesAreCopies() {
    for (int size : new int[] {60, 70, 80}) {
      sim.run("record", Frames.ipv4(size, 17));
    }
    SimQueue<Sample> samples = sim.queue("samples");
    List<Sample> left = samples.contents();
    assertEquals(2, left.size());
    assertEquals(56, left.get(0).len);
    assertEquals(560, left.get(0).seq);
    assertEquals(66, left.get(1).len);
    Sample first = samples.pop();
    assertEquals(56, first.len);
    assertEquals(66, samples.peek().len);
    samples.pop();
    assertNull(samples.pop());
  }

  @Test
  void flagsOtherThanAnyAndExistAreEinval() {
    assertEquals(-EINVAL, sim.run("badFlags", Frames.ipv4(60, 17)).returnValue());
    assertThrows(IllegalArgumentException.class, () -> sim.map("lengths"));
    assertThrows(IllegalArgumentException.class, () -> sim.queue("nothing"));
  }
}
