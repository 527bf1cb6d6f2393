package io.bpf4j.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.bpf4j.benchmarks.BigHashMap.Counters;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every entry of a 1,000,000-entry HASH map three ways in one run and prints the times side
 * by side: bpf4j's {@link MapHandle#entries()}, a C program built now with gcc against Debian's
 * libbpf-dev that calls {@code bpf_map_lookup_batch}, and {@code bpftool map dump}. The aim is
 * bpf4j at most 1.5 times the C program. Needs root, a bpffs at /sys/fs/bpf, gcc, libbpf-dev and
 * bpftool; run it with {@code scripts/bench}.
 *
 * <p>Arguments (all optional): the number of entries (default 1,000,000).
 */
public final class MapReadBenchmark {
  private static final int WARMUP = 2;
  private static final int RUNS = 5;
  private static final int BPFTOOL_RUNS = 3;
  private static final double AIM = 1.5;

  /** The batch size of the C program: the one {@code MapHandle} starts with for 20-byte entries. */
  private static final int C_BATCH = 65536;

  private MapReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    Path pinDir = Path.of("/sys/fs/bpf", "bpf4j-bench-" + ProcessHandle.current().pid());
    Path work = Files.createTempDirectory("bpf4j-bench");
    try (BpfObject obj = BpfRuntime.load(BigHashMap.class)) {
      obj.pin(pinDir);
      Path pinned = pinDir.resolve("big");
      try (MapHandle<Integer, Counters> map = obj.map("big", Integer.class, Counters.class)) {
        if (map.maxEntries() < entries) {
          throw new IllegalArgumentException(
              "the map holds at most " + map.maxEntries() + " entries, not " + entries);
        }
        long fillNs = fill(map, entries);
        System.out.printf(
            Locale.ROOT,
            "filled %,d entries with MapHandle.put in %.0f ms (%.2f us/put; not measured below)%n",
            entries,
            fillNs / 1e6,
            fillNs / 1e3 / entries);

        // The subprocesses first, while this JVM is idle: the JVM's concurrent GC and JIT threads,
        // busy after its own runs, would otherwise slow the C program down on a small machine.
        CResult c = runC(work, pinned, entries);
        long bpftool = timeBpftool(pinned);
        Timing java = timeEntries(map, entries);
        Map<Step, Timing> parts = breakdown(pinned, entries);

        double ratio = (double) java.median / c.median;
        System.out.println();
        System.out.printf(
            Locale.ROOT,
            "read %,d-entry HASH map: bpf4j entries() %s ms | C libbpf batch %s ms"
                + " | bpftool map dump %s ms | ratio bpf4j/C %.2f%n",
            entries,
            ms(java.median),
            ms(c.median),
            ms(bpftool),
            ratio);
        System.out.printf(
            Locale.ROOT,
            "  bpf4j entries(): best %s ms, median %s ms of %d runs after %d warm-ups%n",
            ms(java.best),
            ms(java.median),
            RUNS,
            WARMUP);
        System.out.printf(
            Locale.ROOT,
            "  C bpf_map_lookup_batch (gcc -O2, libbpf-dev, batch %d): best %s ms, median %s ms"
                + " of %d runs after %d warm-ups%n",
            c.batch,
            ms(c.best),
            ms(c.median),
            RUNS,
            WARMUP);
        System.out.printf(
            Locale.ROOT,
            "  bpftool map dump pinned: best of %d wall times of the whole process, output to"
                + " /dev/null; includes process start and bpftool's per-entry get_next_key +"
                + " lookup and its BTF-formatted text output%n",
            BPFTOOL_RUNS);
        System.out.printf(
            Locale.ROOT,
            "  CPU time (medians): bpf4j entries() %s ms of the whole JVM (GC threads included)"
                + " | C %s ms (user + system; nearly all of it in the kernel)%n",
            ms(java.medianCpu),
            ms(c.medianCpu));
        System.out.printf(
            Locale.ROOT,
            "  where bpf4j's time goes: the loop of entries() re-run in pieces (medians; JVM %s,"
                + " %s):%n",
            Runtime.version(),
            gcNames());
        for (Map.Entry<Step, Timing> e : parts.entrySet()) {
          System.out.printf(
              Locale.ROOT,
              "    %-64s wall %7s ms  JVM CPU %7s ms%n",
              e.getKey().label,
              ms(e.getValue().median),
              ms(e.getValue().medianCpu));
        }
        System.out.printf(
            Locale.ROOT,
            "aim bpf4j <= %.1f x C (median): %s (ratio %.2f; best-of-%d ratio %.2f)%n",
            AIM,
            ratio <= AIM ? "MET" : "NOT MET",
            ratio,
            RUNS,
            (double) java.best / c.best);
      }
    } finally {
      deleteTree(pinDir);
      deleteTree(work);
    }
  }

  private static long fill(MapHandle<Integer, Counters> map, int entries) {
    long t0 = System.nanoTime();
    for (int i = 0; i < entries; i++) {
      Counters c = new Counters();
      c.packets = i;
      c.bytes = 1500L * i;
      map.put(i, c);
    }
    return System.nanoTime() - t0;
  }

  private record Timing(long best, long median, long medianCpu) {}

  private static Timing timeEntries(MapHandle<Integer, Counters> map, int entries) {
    return time(
        () -> {
          // Reads everything and touches every decoded value (as a caller summing a table
          // would); a lookup by key would add the cost of the hash index, which C does not build.
          Map<Integer, Counters> all = map.entries();
          long bytes = 0;
          for (Counters c : all.values()) {
            bytes += c.bytes;
          }
          if (all.size() != entries || bytes != 1500L * ((long) entries * (entries - 1) / 2)) {
            throw new IllegalStateException(
                "entries() returned " + all.size() + " entries summing to " + bytes + " bytes");
          }
          return all.size();
        });
  }

  /**
   * Best and median wall time, and median CPU time of the whole JVM (GC and JIT threads included),
   * of {@link #RUNS} runs after {@link #WARMUP} warm-ups; a full GC before each run.
   */
  private static Timing time(LongSupplier run) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] ns = new long[RUNS];
    long[] cpu = new long[RUNS];
    for (int r = 0; r < WARMUP + RUNS; r++) {
      System.gc();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      run.getAsLong();
      long t = System.nanoTime() - t0;
      long c = os.getProcessCpuTime() - c0;
      if (r >= WARMUP) {
        ns[r - WARMUP] = t;
        cpu[r - WARMUP] = c;
      }
    }
    Arrays.sort(ns);
    Arrays.sort(cpu);
    return new Timing(ns[0], ns[RUNS / 2], cpu[RUNS / 2]);
  }

  /** What the loop of {@code entries()} does with each batch, in {@link #breakdown}. */
  private enum Step {
    BATCH_CALLS("MapHandle.forEachBatch alone (syscalls, copy-out)"),
    DECODE("  + Batch.key and Batch.value of every entry (decoding)"),
    LINKED_HASH_MAP("  + LinkedHashMap.put, default capacity"),
    ARRAYS("  instead: into a key array and a value array only (no map)"),
    PRESIZED("  instead: arrays, then a LinkedHashMap presized to the count");

    final String label;

    Step(String label) {
      this.label = label;
    }
  }

  /**
   * Re-runs the loop of entries() a piece at a time over the same batch reads ({@link
   * MapHandle#forEachBatch}), to show which part costs what: the batch calls alone, then decoding,
   * then the result map.
   */
  private static Map<Step, Timing> breakdown(Path pinned, int entries) {
    Map<Step, Timing> out = new LinkedHashMap<>();
    try (MapHandle<Integer, Counters> map =
        MapHandle.openPinned(pinned, Integer.class, Counters.class)) {
      for (Step step : Step.values()) {
        out.put(
            step,
            time(
                () -> {
                  int n = readLikeEntries(map, step, entries);
                  if (n != entries) {
                    throw new IllegalStateException(step + " read " + n + " entries");
                  }
                  return n;
                }));
      }
    }
    return out;
  }

  private static int readLikeEntries(MapHandle<Integer, Counters> handle, Step step, int entries) {
    Map<Integer, Counters> map = step == Step.LINKED_HASH_MAP ? new LinkedHashMap<>() : null;
    boolean arrays = step == Step.ARRAYS || step == Step.PRESIZED;
    Integer[] ks = arrays ? new Integer[entries] : null;
    Counters[] vs = arrays ? new Counters[entries] : null;
    int[] count = {0};
    handle.forEachBatch(
        batch -> {
          if (step == Step.BATCH_CALLS) {
            count[0] += batch.size();
            return;
          }
          for (int i = 0; i < batch.size(); i++, count[0]++) {
            Integer key = batch.key(i);
            Counters value = batch.value(i);
            if (map != null) {
              map.put(key, value);
            } else if (ks != null) {
              ks[count[0]] = key;
              vs[count[0]] = value;
            }
          }
        });
    int n = count[0];
    Map<Integer, Counters> result = map;
    if (step == Step.PRESIZED) {
      result = new LinkedHashMap<>(n * 4 / 3 + 1);
      for (int i = 0; i < n; i++) {
        result.put(ks[i], vs[i]);
      }
    }
    return result == null ? n : result.size();
  }

  private record CResult(long best, long median, long medianCpu, int batch) {}

  private static final Pattern C_OUTPUT =
      Pattern.compile(
          "count=(\\d+) best_ns=(\\d+) median_ns=(\\d+) median_cpu_ns=(\\d+) batch=(\\d+) .*");

  private static CResult runC(Path work, Path pinned, int entries) throws Exception {
    Path source = work.resolve("bench_read.c");
    try (InputStream in = MapReadBenchmark.class.getResourceAsStream("bench_read.c")) {
      if (in == null) {
        throw new IllegalStateException("bench_read.c is missing from the classpath");
      }
      Files.copy(in, source);
    }
    Path binary = work.resolve("bench_read");
    run(work, List.of("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lbpf"));
    String out =
        run(
            work,
            List.of(
                binary.toString(),
                pinned.toString(),
                String.valueOf(WARMUP),
                String.valueOf(RUNS),
                String.valueOf(C_BATCH)));
    Matcher m = C_OUTPUT.matcher(out.trim());
    if (!m.matches()) {
      throw new IllegalStateException("unexpected output of bench_read: " + out);
    }
    if (Long.parseLong(m.group(1)) != entries) {
      throw new IllegalStateException("bench_read read " + m.group(1) + " entries");
    }
    return new CResult(
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        Integer.parseInt(m.group(5)));
  }

  private static long timeBpftool(Path pinned) throws Exception {
    String bpftool = bpftool();
    long best = Long.MAX_VALUE;
    for (int r = 0; r < BPFTOOL_RUNS; r++) {
      ProcessBuilder pb = new ProcessBuilder(bpftool, "map", "dump", "pinned", pinned.toString());
      pb.redirectOutput(new File("/dev/null"));
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      long t0 = System.nanoTime();
      Process p = pb.start();
      int rc = p.waitFor();
      long t = System.nanoTime() - t0;
      if (rc != 0) {
        throw new IllegalStateException("bpftool map dump exited with " + rc);
      }
      best = Math.min(best, t);
    }
    return best;
  }

  private static String bpftool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bpftool"))) {
        return Path.of(dir, "bpftool").toString();
      }
    }
    for (String p : List.of("/usr/sbin/bpftool", "/sbin/bpftool", "/usr/local/sbin/bpftool")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("bpftool not found; install it (scripts/setup does)");
  }

  /** Runs a command, returning its standard output; fails with its output on a non-zero exit. */
  private static String run(Path dir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String gcNames() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining("/"));
  }

  private static String ms(long ns) {
    return String.format(Locale.ROOT, "%.1f", ns / 1e6);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
