package io.bpf4j.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C comparator of the event benchmarks: {@code bench_events.c}, built now with gcc against
 * Debian's libbpf-dev, run on the pinned program and map (libbpf's {@code ring_buffer__poll} or
 * {@code perf_buffer__poll}).
 */
final class CEventsConsumer {
  /** What one run of the C program measured. */
  record Result(long received, long outOfOrder, long lost, long ns, long p50, long p99) {
    double perSecond() {
      return received * 1e9 / ns;
    }
  }

  private static final Pattern OUTPUT =
      Pattern.compile(
          "received=(\\d+) out_of_order=(\\d+) lost=(\\d+) ns=(\\d+) p50=(-?\\d+) p99=(-?\\d+)");

  private final Path binary;
  private final Path work;

  private CEventsConsumer(Path work, Path binary) {
    this.work = work;
    this.binary = binary;
  }

  static CEventsConsumer build(Path work) throws Exception {
    Path source = work.resolve("bench_events.c");
    try (InputStream in = CEventsConsumer.class.getResourceAsStream("bench_events.c")) {
      if (in == null) {
        throw new IllegalStateException("bench_events.c is missing from the classpath");
      }
      Files.copy(in, source);
    }
    Path binary = work.resolve("bench_events");
    SourceTree.run(
        work,
        List.of("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lbpf", "-lpthread"));
    return new CEventsConsumer(work, binary);
  }

  /**
   * Runs {@code bench_events kind mode prog map records repeat [pages]}: kind {@code ring} or
   * {@code perf}, mode {@code drain}, {@code flow} or {@code paced}.
   */
  Result run(String kind, String mode, Path prog, Path map, long records, int repeat, int pages)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                kind,
                mode,
                prog.toString(),
                map.toString(),
                String.valueOf(records),
                String.valueOf(repeat),
                String.valueOf(pages)));
    String out = SourceTree.run(work, command).trim();
    Matcher m = OUTPUT.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("unexpected output of bench_events: " + out);
    }
    return new Result(
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        Long.parseLong(m.group(5)),
        Long.parseLong(m.group(6)));
  }
}
