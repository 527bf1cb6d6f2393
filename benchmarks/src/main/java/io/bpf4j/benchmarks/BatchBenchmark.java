package io.bpf4j.benchmarks;

import io.bpf4j.benchmarks.BigHashMap.Counters;
import io.bpf4j.runtime.MapHandle;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batch map operations (issue 14) on a pinned HASH map of 4-byte keys and 16-byte values, three
 * ways in one run: {@link MapHandle#putAll}, {@link MapHandle#deleteAll} and {@link
 * MapHandle#drainAll}; a C program built now with clang-19 against libbpf-dev calling {@code
 * bpf_map_update_batch}, {@code bpf_map_delete_batch} and {@code bpf_map_lookup_and_delete_batch};
 * and bpf4j's per-entry put / delete / get+delete loop. Prints medians and the ratios; the aim is
 * batch bpf4j within 1.2 times C. The map is made by {@code bpftool map create}.
 *
 * <p>Arguments (optional): entries (default 10,000).
 */
public final class BatchBenchmark {
  private static final int WARMUP = 30;
  private static final int RUNS = 15;
  private static final double AIM = 1.2;

  private BatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000;
    Path pinDir = Path.of("/sys/fs/bpf", "bpf4j-batch-" + ProcessHandle.current().pid());
    Path work = Files.createTempDirectory("bpf4j-batch");
    Files.createDirectory(pinDir);
    Path pin = pinDir.resolve("batch");
    try {
      SourceTree.run(
          work,
          List.of(
              "bpftool",
              "map",
              "create",
              pin.toString(),
              "type",
              "hash",
              "key",
              "4",
              "value",
              "16",
              "entries",
              String.valueOf(n),
              "name",
              "bench_batch"));
      long[] c = runC(work, pin, n);
      try (MapHandle<Integer, Counters> map =
          MapHandle.openPinned(pin, Integer.class, Counters.class)) {
        long[] batch = timeJava(map, n, true);
        long[] loop = timeJava(map, n, false);
        String[] ops = {
          "putAll / update_batch", "deleteAll / delete_batch", "drainAll / l&d_batch"
        };
        System.out.printf(
            Locale.ROOT, "batch ops on a %,d-entry HASH map (medians of %d runs)%n", n, RUNS);
        boolean met = true;
        for (int i = 0; i < 3; i++) {
          double ratio = (double) batch[i] / c[i];
          met &= ratio <= AIM;
          System.out.printf(
              Locale.ROOT,
              "  %-26s bpf4j batch %8s us | C libbpf %8s us | bpf4j per-entry %9s us"
                  + " | batch/C %.2f | per-entry/batch %.1f%n",
              ops[i],
              us(batch[i]),
              us(c[i]),
              us(loop[i]),
              ratio,
              (double) loop[i] / batch[i]);
        }
        System.out.printf(
            Locale.ROOT, "aim bpf4j batch <= %.1f x C: %s%n", AIM, met ? "MET" : "NOT MET");
      }
    } finally {
      Files.deleteIfExists(pin);
      Files.deleteIfExists(pinDir);
    }
  }

  /** Median ns of update, delete and drain, in the order the C program measures them. */
  private static long[] timeJava(MapHandle<Integer, Counters> map, int n, boolean batched) {
    long[][] ns = new long[3][RUNS];
    List<Integer> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(i);
    }
    for (int r = 0; r < WARMUP + RUNS; r++) {
      long t0 = System.nanoTime();
      fill(map, n, batched);
      long t1 = System.nanoTime();
      int deleted = batched ? map.deleteAll(keys) : deleteEach(map, keys);
      long t2 = System.nanoTime();
      fill(map, n, batched);
      long t3 = System.nanoTime();
      int drained = batched ? map.drainAll().size() : drainEach(map, keys);
      long t4 = System.nanoTime();
      if (deleted != n || drained != n) {
        throw new IllegalStateException("deleted " + deleted + ", drained " + drained);
      }
      if (r >= WARMUP) {
        ns[0][r - WARMUP] = t1 - t0;
        ns[1][r - WARMUP] = t2 - t1;
        ns[2][r - WARMUP] = t4 - t3;
      }
    }
    long[] out = new long[3];
    for (int i = 0; i < 3; i++) {
      Arrays.sort(ns[i]);
      out[i] = ns[i][RUNS / 2];
    }
    return out;
  }

  /** Builds the entries as a caller would (part of the time, as the C program's encoding is). */
  private static void fill(MapHandle<Integer, Counters> map, int n, boolean batched) {
    Map<Integer, Counters> all = new LinkedHashMap<>(n * 4 / 3 + 1);
    for (int i = 0; i < n; i++) {
      Counters c = new Counters();
      c.packets = i;
      c.bytes = 1500L * i;
      all.put(i, c);
    }
    if (batched) {
      map.putAll(all);
    } else {
      all.forEach(map::put);
    }
  }

  private static int deleteEach(MapHandle<Integer, Counters> map, List<Integer> keys) {
    int n = 0;
    for (Integer k : keys) {
      n += map.delete(k) ? 1 : 0;
    }
    return n;
  }

  /** The per-entry way to take entries out when the keys are known: get, then delete. */
  private static int drainEach(MapHandle<Integer, Counters> map, List<Integer> keys) {
    int n = 0;
    for (Integer k : keys) {
      if (map.get(k) != null && map.delete(k)) {
        n++;
      }
    }
    return n;
  }

  private static final Pattern C_OUTPUT =
      Pattern.compile("update_ns=(\\d+) delete_ns=(\\d+) drain_ns=(\\d+) checksum=\\d+");

  private static long[] runC(Path work, Path pin, int n) throws Exception {
    Path source = work.resolve("bench_batch.c");
    try (InputStream in = BatchBenchmark.class.getResourceAsStream("bench_batch.c")) {
      if (in == null) {
        throw new IllegalStateException("bench_batch.c is missing from the classpath");
      }
      Files.copy(in, source);
    }
    Path binary = work.resolve("bench_batch");
    SourceTree.run(
        work, List.of("clang-19", "-O2", "-o", binary.toString(), source.toString(), "-lbpf"));
    String out =
        SourceTree.run(
            work,
            List.of(
                binary.toString(),
                pin.toString(),
                String.valueOf(n),
                String.valueOf(WARMUP),
                String.valueOf(RUNS)));
    Matcher m = C_OUTPUT.matcher(out.trim());
    if (!m.matches()) {
      throw new IllegalStateException("unexpected output of bench_batch: " + out);
    }
    return new long[] {
      Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))
    };
  }

  private static String us(long ns) {
    return String.format(Locale.ROOT, "%.0f", ns / 1e3);
  }
}
