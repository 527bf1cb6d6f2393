package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Closing an object while other threads write its maps: every write either lands in the object it
 * was started on or fails with "is closed"; none reaches the object loaded right after, which the
 * kernel gives the freed fd numbers to.
 */
class ConcurrentCloseTest {
  static final int ROUNDS = 200;
  static final int WRITERS = 4;
  static final long MARK = 0x5eed;

  @Test
  void writesRacingACloseNeverReachTheNextObject() throws Exception {
    KernelAssumptions.requireRoot();
    long stray = 0;
    long closedErrors = 0;
    long landed = 0;
    List<Throwable> unexpected = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      BpfObject first = BpfRuntime.load(BandwidthMonitor.class);
      MapHandle<Integer, TrafficCounters> map =
          first.map("bwMonitorMap", Integer.class, TrafficCounters.class);
      CountDownLatch started = new CountDownLatch(WRITERS);
      AtomicLong writes = new AtomicLong();
      AtomicLong closed = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Thread t =
            new Thread(
                () -> {
                  TrafficCounters marked = new TrafficCounters();
                  marked.pkts = MARK;
                  marked.bytes = MARK;
                  started.countDown();
                  while (true) {
                    try {
                      map.put(2, marked);
                      writes.incrementAndGet();
                    } catch (IllegalStateException e) {
                      if (e.getMessage().contains("is closed")) {
                        closed.incrementAndGet();
                      } else {
                        errors.add(e);
                      }
                      return;
                    } catch (RuntimeException e) {
                      errors.add(e);
                      return;
                    }
                  }
                });
        t.start();
        writers.add(t);
      }
      started.await();
      Thread.sleep(1);
      first.close();
      // Loaded at once, so it takes the fd numbers the close just freed.
      try (BpfObject second = BpfRuntime.load(BandwidthMonitor.class)) {
        for (Thread t : writers) {
          t.join();
        }
        try (MapHandle<Integer, TrafficCounters> fresh =
            second.map("bwMonitorMap", Integer.class, TrafficCounters.class)) {
          for (int k = 0; k < fresh.maxEntries(); k++) {
            if (fresh.get(k).pkts == MARK) {
              stray++;
            }
          }
        }
      }
      closedErrors += closed.get();
      landed += writes.get();
      unexpected.addAll(errors);
    }
    System.out.printf(
        "[bpf4j-it] %d rounds of %d writers racing close: %d writes landed, %d saw \"closed\","
            + " %d stray entries in the next object, %d other errors%n",
        ROUNDS, WRITERS, landed, closedErrors, stray, unexpected.size());
    assertEquals(0, stray, "writes that reached the object loaded after the close");
    assertTrue(unexpected.isEmpty(), () -> "errors other than 'closed': " + unexpected);
    assertEquals(ROUNDS * WRITERS, closedErrors, "every writer ends on a 'closed' error");
  }
}
