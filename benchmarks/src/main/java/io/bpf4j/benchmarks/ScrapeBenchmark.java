package io.bpf4j.benchmarks;

import io.bpf4j.benchmarks.BigHashMap.Counters;
import io.bpf4j.micrometer.BpfMeters;
import io.bpf4j.micrometer.MapMeters;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;

/**
 * What a Prometheus scrape of a large map costs through bpf4j-micrometer: a HASH map of {@code
 * entries} (default 100,000) struct values, two gauges per key, scraped with one map read per
 * scrape, against reading the map alone with {@code MapHandle.entries()} in the same run (the
 * floor: what any exporter has to read). Prints the median of 5 runs after 2 warm-ups, each.
 */
public final class ScrapeBenchmark {
  private static final int WARMUP = 2;
  private static final int RUNS = 5;

  private ScrapeBenchmark() {}

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    try (BpfObject obj = BpfRuntime.load(BigHashMap.class);
        MapHandle<Integer, Counters> map = obj.map("big", Integer.class, Counters.class)) {
      for (int i = 0; i < entries; i++) {
        Counters c = new Counters();
        c.packets = i;
        c.bytes = 1500L * i;
        map.put(i, c);
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      long b0 = System.nanoTime();
      MapMeters<Integer, Counters> meters = BpfMeters.map("bpf.big", map);
      meters.bindTo(registry);
      long bind = System.nanoTime() - b0;
      int[] size = new int[1];
      long read = median(() -> map.entries().size());
      long scrape =
          median(
              () -> {
                meters.refresh(); // one read of the map per scrape, as an exporter would do
                return size[0] = registry.scrape().length();
              });
      System.out.printf(
          "scrape of a %,d-entry HASH map (%,d series, %,d bytes of text), median of %d runs:%n",
          entries, registry.getMeters().size(), size[0], RUNS);
      System.out.printf("  bind (registering the meters, once)   %8.1f ms%n", bind / 1e6);
      System.out.printf("  MapHandle.entries() alone            %8.1f ms%n", read / 1e6);
      System.out.printf("  PrometheusMeterRegistry.scrape()     %8.1f ms%n", scrape / 1e6);
      System.out.printf("  scrape / read                        %8.2f%n", (double) scrape / read);
    }
  }

  private static long median(java.util.function.IntSupplier run) {
    long[] ns = new long[RUNS];
    for (int r = 0; r < WARMUP + RUNS; r++) {
      System.gc();
      long t0 = System.nanoTime();
      run.getAsInt();
      if (r >= WARMUP) {
        ns[r - WARMUP] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(ns);
    return ns[RUNS / 2];
  }
}
