package io.bpf4j.benchmarks;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The Java handler of the event benchmarks, doing what the C callback does: checks that sequence
 * numbers follow each other, counts, and (when asked) records the latency from the record's {@code
 * bpf_ktime_get_ns} to now ({@link System#nanoTime()} reads the same CLOCK_MONOTONIC).
 */
final class EventCounter implements Consumer<RingBufEvents.Event> {
  long received;
  long outOfOrder;
  private long next = -1;
  private final long[] latencies;

  EventCounter(int latencySamples) {
    this.latencies = latencySamples > 0 ? new long[latencySamples] : null;
  }

  @Override
  public void accept(RingBufEvents.Event e) {
    if (next >= 0 && e.seq != next) {
      outOfOrder++;
    }
    next = e.seq + 1;
    if (latencies != null && received < latencies.length) {
      latencies[(int) received] = System.nanoTime() - e.when;
    }
    received++;
  }

  /** The {@code q}-quantile (0.5, 0.99) of the latencies recorded, in ns. */
  long latency(double q) {
    int n = (int) Math.min(received, latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(n - 1, (long) (n * q))];
  }
}
