package io.bpf4j.benchmarks;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.PerfBufferReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Perf buffer samples from a BPF program to a consumer, bpf4j's {@link PerfBufferReader} against
 * libbpf's {@code perf_buffer} in C, in one run, on the same pinned object: {@code c/perf_output.c}
 * (built now with clang-19), one 24-byte sample per run of a socket filter, written by a thread
 * running it with {@code BPF_PROG_TEST_RUN} in batches while the consumer reads. Prints records/s
 * and the samples the kernel reported lost, at a batch size and ring size where C loses none.
 * (Samples of different CPUs are not ordered with each other, so order is not checked; the ring
 * buffer benchmark checks it.) Needs root, bpffs, gcc, libbpf-dev, clang-19.
 *
 * <p>Arguments (optional): samples per run (default 200,000: the kernel wakes the reader for every
 * sample, which bounds both sides near 100,000 samples/s here), pages per CPU (default 64), batch
 * (default 1,000 samples per test run).
 */
public final class PerfBufferBenchmark {
  private static final int WARMUP = 2;
  private static final int RUNS = 5;

  private PerfBufferBenchmark() {}

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 200_000;
    int pages = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    Path pins = Path.of("/sys/fs/bpf", "bpf4j-bench-perf-" + ProcessHandle.current().pid());
    Path work = Files.createTempDirectory("bpf4j-bench-perf");
    try (BpfObject obj = BpfRuntime.load(perfOutputObject(work))) {
      obj.pin(pins);
      Path prog = pins.resolve("perf_record");
      Path map = pins.resolve("events");
      CEventsConsumer c = CEventsConsumer.build(work);
      BpfProgram program = obj.program("perf_record");
      for (int i = 0; i < WARMUP; i++) {
        java(obj, program, records, pages, batch);
      }
      double[] cRate = new double[RUNS];
      double[] jRate = new double[RUNS];
      long cLost = 0;
      long jLost = 0;
      for (int r = 0; r < RUNS; r++) {
        // One at a time: each consumer puts its own perf events into the map's slots.
        CEventsConsumer.Result cr = c.run("perf", "flow", prog, map, records, batch, pages);
        cRate[r] = cr.perSecond();
        cLost += cr.lost();
        long[] jr = java(obj, program, records, pages, batch);
        jRate[r] = jr[0] * 1e9 / jr[2];
        jLost += jr[1];
      }
      double ratio = median(jRate) / median(cRate);
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "perf buffer, %,d samples of 24 bytes per run, %d pages per CPU, test runs of %,d,"
              + " medians of %d runs:%n",
          records,
          pages,
          batch,
          RUNS);
      System.out.printf(
          Locale.ROOT,
          "  bpf4j %6.2f M samples/s, lost %d in all runs | C perf_buffer %6.2f M samples/s, lost"
              + " %d | ratio %.2f%n",
          median(jRate) / 1e6,
          jLost,
          median(cRate) / 1e6,
          cLost,
          ratio);
    } finally {
      SourceTree.deleteTree(pins);
      SourceTree.deleteTree(work);
    }
  }

  /** c/perf_output.c from the source tree, built with clang-19 into {@code work}. */
  private static Path perfOutputObject(Path work) throws Exception {
    SourceTree tree = SourceTree.find();
    Path source = work.resolve("perf_output.c");
    Files.copy(tree.cFixture("c/perf_output.c"), source);
    Files.copy(tree.cFixture("c/bpf_defs.h"), work.resolve("bpf_defs.h"));
    Path object = work.resolve("perf_output.o");
    SourceTree.run(
        work,
        List.of(
            "clang-19",
            "-O2",
            "-g",
            "-target",
            "bpf",
            "-c",
            source.toString(),
            "-o",
            object.toString()));
    return object;
  }

  /** Received, lost, ns. */
  private static long[] java(BpfObject obj, BpfProgram program, long records, int pages, int batch)
      throws Exception {
    try (PerfBufferReader<RingBufEvents.Event> reader =
        obj.perfBuffer("events", RingBufEvents.Event.class, pages)) {
      EventCounter counter = new EventCounter(0);
      long t0 = System.nanoTime();
      Thread writer =
          new Thread(
              () -> {
                for (long done = 0; done < records; ) {
                  int n = (int) Math.min(batch, records - done);
                  program.testRun(new byte[64], n);
                  done += n;
                }
              },
              "perf-writer");
      writer.start();
      int idle = 0;
      while (counter.received + reader.lost() < records && idle < 20) {
        idle = reader.poll(Duration.ofMillis(100), counter) == 0 ? idle + 1 : 0;
      }
      long ns = System.nanoTime() - t0;
      writer.join();
      return new long[] {counter.received, reader.lost(), ns};
    }
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
