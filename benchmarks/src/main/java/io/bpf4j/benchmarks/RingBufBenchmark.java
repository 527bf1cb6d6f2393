package io.bpf4j.benchmarks;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.RingBufReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Ring buffer records from a BPF program to a consumer, bpf4j's {@link RingBufReader} against
 * libbpf's {@code ring_buffer} in C (built now with gcc), in one run, on the same pinned object
 * ({@link RingBufEvents}: one 24-byte record per run of a socket filter, triggered with {@code
 * BPF_PROG_TEST_RUN} and {@code repeat}):
 *
 * <ul>
 *   <li>drain: a million records written first, then read: the consumers alone, records/s;
 *   <li>flow: written by one thread while the consumer reads (wakes up through epoll): records/s
 *       end to end, which the writing side bounds;
 *   <li>paced: one record every 50 us, consumer asleep in poll: latency from the record's {@code
 *       bpf_ktime_get_ns} to its receipt, p50 and p99.
 * </ul>
 *
 * Every run checks that every record arrived, in order, and that the program dropped none. The aim:
 * bpf4j at least 0.9 times C's records/s. Needs root, bpffs, gcc and libbpf-dev ({@code
 * scripts/bench}).
 *
 * <p>Arguments (optional): records per run (default 1,000,000).
 */
public final class RingBufBenchmark {
  private static final int REPEAT = 10_000;
  private static final int WARMUP = 2;
  private static final int RUNS = 5;
  private static final int PACED = 20_000;
  private static final double AIM = 0.9;

  private RingBufBenchmark() {}

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    Path pins = Path.of("/sys/fs/bpf", "bpf4j-bench-ring-" + ProcessHandle.current().pid());
    Path work = Files.createTempDirectory("bpf4j-bench-ring");
    try (BpfObject obj = BpfRuntime.load(RingBufEvents.class);
        MapHandle<Integer, RingBufEvents.Counter> counters =
            obj.map("counters", Integer.class, RingBufEvents.Counter.class);
        RingBufReader<RingBufEvents.Event> reader =
            obj.ringBuf("events", RingBufEvents.Event.class)) {
      obj.pin(pins);
      Path prog = pins.resolve("emit");
      Path map = pins.resolve("events");
      CEventsConsumer c = CEventsConsumer.build(work);
      BpfProgram emit = obj.program("emit");

      for (int i = 0; i < WARMUP; i++) {
        javaDrain(emit, reader, records);
        javaFlow(emit, reader, records);
      }
      double[] cDrain = new double[RUNS];
      double[] jDrain = new double[RUNS];
      double[] cFlow = new double[RUNS];
      double[] jFlow = new double[RUNS];
      for (int r = 0; r < RUNS; r++) {
        // Alternating, so that drift of a shared machine touches both sides alike.
        cDrain[r] = checked(c.run("ring", "drain", prog, map, records, REPEAT, 0), records);
        jDrain[r] = javaDrain(emit, reader, records);
        cFlow[r] = checked(c.run("ring", "flow", prog, map, records, REPEAT, 0), records);
        jFlow[r] = javaFlow(emit, reader, records);
      }
      CEventsConsumer.Result cPaced = c.run("ring", "paced", prog, map, PACED, 1, 0);
      checked(cPaced, PACED);
      EventCounter jPaced = javaPaced(emit, reader, PACED);
      long dropped = counters.get(1).value;

      System.out.println();
      double drainRatio = median(jDrain) / median(cDrain);
      double flowRatio = median(jFlow) / median(cFlow);
      System.out.printf(
          Locale.ROOT,
          "ring buffer, %,d records of 24 bytes per run, medians of %d runs (after %d warm-ups):%n",
          records,
          RUNS,
          WARMUP);
      row("drain (consumer alone)", median(jDrain), median(cDrain), drainRatio);
      row("flow (writer thread + consumer)", median(jFlow), median(cFlow), flowRatio);
      System.out.printf(
          Locale.ROOT,
          "  %-34s bpf4j p50 %5.1f us p99 %6.1f us | C p50 %5.1f us p99 %6.1f us"
              + " (%,d records, 1 per 50 us)%n",
          "latency ktime -> handler",
          jPaced.latency(0.5) / 1e3,
          jPaced.latency(0.99) / 1e3,
          cPaced.p50() / 1e3,
          cPaced.p99() / 1e3,
          PACED);
      System.out.printf(
          Locale.ROOT,
          "  records dropped by the program (ring full): %d; out of order: 0 (checked per run)%n",
          dropped);
      System.out.printf(
          Locale.ROOT,
          "aim bpf4j >= %.1f x C records/s: drain %s (%.2f), flow %s (%.2f)%n",
          AIM,
          drainRatio >= AIM ? "MET" : "NOT MET",
          drainRatio,
          flowRatio >= AIM ? "MET" : "NOT MET",
          flowRatio);
    } finally {
      SourceTree.deleteTree(pins);
      SourceTree.deleteTree(work);
    }
  }

  private static void row(String what, double java, double c, double ratio) {
    System.out.printf(
        Locale.ROOT,
        "  %-34s bpf4j %6.2f M records/s | C ring_buffer %6.2f M records/s | ratio %.2f%n",
        what,
        java / 1e6,
        c / 1e6,
        ratio);
  }

  private static double checked(CEventsConsumer.Result r, long records) {
    if (r.received() != records || r.outOfOrder() != 0) {
      throw new IllegalStateException("C consumer: " + r);
    }
    return r.perSecond();
  }

  private static void produce(BpfProgram emit, long records, int repeat) {
    for (long done = 0; done < records; ) {
      int n = (int) Math.min(repeat, records - done);
      emit.testRun(new byte[64], n);
      done += n;
    }
  }

  private static double javaDrain(
      BpfProgram emit, RingBufReader<RingBufEvents.Event> reader, long records) {
    produce(emit, records, REPEAT);
    EventCounter counter = new EventCounter(0);
    long t0 = System.nanoTime();
    while (counter.received < records) {
      reader.drain(counter);
    }
    long ns = System.nanoTime() - t0;
    check(counter, records);
    return records * 1e9 / ns;
  }

  private static double javaFlow(
      BpfProgram emit, RingBufReader<RingBufEvents.Event> reader, long records) throws Exception {
    EventCounter counter = new EventCounter(0);
    long t0 = System.nanoTime();
    Thread writer = new Thread(() -> produce(emit, records, REPEAT), "ring-writer");
    writer.start();
    while (counter.received < records) {
      reader.poll(Duration.ofMillis(100), counter);
    }
    long ns = System.nanoTime() - t0;
    writer.join();
    check(counter, records);
    return records * 1e9 / ns;
  }

  private static EventCounter javaPaced(
      BpfProgram emit, RingBufReader<RingBufEvents.Event> reader, int records) throws Exception {
    EventCounter counter = new EventCounter(records);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < records; i++) {
                emit.testRun(new byte[64], 1);
                LockSupport.parkNanos(50_000);
              }
            },
            "ring-paced-writer");
    writer.start();
    while (counter.received < records) {
      reader.poll(Duration.ofMillis(100), counter);
    }
    writer.join();
    check(counter, records);
    return counter;
  }

  private static void check(EventCounter counter, long records) {
    if (counter.received != records || counter.outOfOrder != 0) {
      throw new IllegalStateException(
          "bpf4j consumer: received "
              + counter.received
              + " of "
              + records
              + ", out of order "
              + counter.outOfOrder);
    }
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
