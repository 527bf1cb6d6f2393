package io.bpf4j.benchmarks;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of one {@link MapHandle#get} and one {@link MapHandle#put} (a system call each), from
 * one thread and from four at once on the same handle: what a handle's use-after-close protection
 * must stay cheap against. Prints ns per operation, the median of five runs.
 *
 * <p>Arguments (optional): operations per run (default 1,000,000).
 */
public final class MapOpsBenchmark {
  private static final int RUNS = 5;

  private MapOpsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    try (BpfObject obj = BpfRuntime.load(BandwidthMonitor.class);
        MapHandle<Integer, TrafficCounters> map =
            obj.map("bwMonitorMap", Integer.class, TrafficCounters.class)) {
      TrafficCounters value = new TrafficCounters();
      value.pkts = 1;
      value.bytes = 2;
      Runnable gets = () -> loop(ops, i -> map.get(i % 3));
      Runnable puts = () -> loop(ops, i -> map.put(i % 3, value));
      gets.run();
      puts.run(); // warm-up
      System.out.printf(Locale.ROOT, "get, 1 thread:  %6.0f ns/op%n", median(ops, 1, gets));
      System.out.printf(Locale.ROOT, "put, 1 thread:  %6.0f ns/op%n", median(ops, 1, puts));
      System.out.printf(Locale.ROOT, "get, 4 threads: %6.0f ns/op%n", median(ops, 4, gets));
      System.out.printf(Locale.ROOT, "put, 4 threads: %6.0f ns/op%n", median(ops, 4, puts));
    }
  }

  interface Op {
    void run(int i);
  }

  private static void loop(int ops, Op op) {
    for (int i = 0; i < ops; i++) {
      op.run(i);
    }
  }

  /** Median wall ns per operation (threads × ops operations in each run). */
  private static double median(int ops, int threads, Runnable body) throws InterruptedException {
    double[] ns = new double[RUNS];
    for (int r = 0; r < RUNS; r++) {
      List<Thread> ts = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Thread th = new Thread(body);
        th.start();
        ts.add(th);
      }
      for (Thread th : ts) {
        th.join();
      }
      ns[r] = (System.nanoTime() - start) / (double) ((long) ops * threads);
    }
    java.util.Arrays.sort(ns);
    return ns[RUNS / 2];
  }
}
