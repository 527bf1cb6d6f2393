package io.bpf4j.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;

/**
 * How the processor's cost grows with the size of one method (issue 16: the optimizer must not make
 * large methods slow to compile). For each size, one generated XDP program class whose single
 * {@code @Section} method is that many blocks of ordinary packet code (a bounds test, a byte read,
 * branches and arithmetic; every fourth block a map lookup and update of a {@code @Struct} value,
 * every eighth a counted loop over packet bytes) is compiled by javac in this JVM, with and without
 * the processor (loaded once, so the processor's steady-state cost is measured, not class loading),
 * interleaved; the median over rounds of the difference is the processor's cost for that method.
 * Printed per size: the method's BPF instruction slots, the processor's ms, µs per slot, and the
 * growth exponent between neighbouring sizes (1 is linear, 2 quadratic).
 *
 * <p>Run it with {@code scripts/bench CompileScalingBenchmark [rounds]} (default {@value #ROUNDS}).
 * Needs a JDK, not root.
 */
public final class CompileScalingBenchmark {
  static final int[] BLOCKS = {8, 16, 32, 64, 128, 256};
  static final int WARMUP = 4;
  static final int ROUNDS = 9;

  private CompileScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : ROUNDS;
    SourceTree tree = SourceTree.find();
    Path work = Files.createTempDirectory("bpf4j-scaling");
    try {
      Path jar = tree.processorJar();
      Path noProcessors = Files.createDirectories(work.resolve("no-processors"));
      try (URLClassLoader loader =
          new URLClassLoader(
              new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
        Class<? extends Processor> processorClass =
            ServiceLoader.load(Processor.class, loader).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no processor service in " + jar))
                .type();
        List<Path> sources = new ArrayList<>();
        for (int blocks : BLOCKS) {
          sources.add(writeProgram(work.resolve("src" + blocks), blocks));
        }
        long[][] added = new long[BLOCKS.length][rounds];
        int[] slots = new int[BLOCKS.length];
        int out = 0;
        for (int r = 0; r < WARMUP + rounds; r++) {
          for (int s = 0; s < BLOCKS.length; s++) {
            List<Path> one = List.of(sources.get(s));
            Path alone = work.resolve("out" + out++);
            long t0 = System.nanoTime();
            Javac.compile(one, alone, noProcessors, null);
            long javacAlone = System.nanoTime() - t0;
            Path with = work.resolve("out" + out++);
            Processor p = processorClass.getDeclaredConstructor().newInstance();
            t0 = System.nanoTime();
            Javac.compile(one, with, null, List.of(p));
            long withProcessor = System.nanoTime() - t0;
            Path object = with.resolve("scaling/Blocks" + BLOCKS[s] + ".bpf.o");
            if (!Files.exists(object)) {
              throw new IllegalStateException("the processor wrote no " + object);
            }
            slots[s] = SuiteBenchmark.slots(Files.readAllBytes(object), "run");
            SourceTree.deleteTree(alone);
            SourceTree.deleteTree(with);
            if (r >= WARMUP) {
              added[s][r - WARMUP] = withProcessor - javacAlone;
            }
          }
        }
        print(rounds, slots, added);
      }
    } finally {
      SourceTree.deleteTree(work);
    }
  }

  /** Writes {@code scaling/Blocks<n>.java}: one XDP program of {@code blocks} blocks. */
  static Path writeProgram(Path dir, int blocks) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("package scaling;\n\n")
        .append("import io.bpf4j.annotations.License;\n")
        .append("import io.bpf4j.annotations.Map;\n")
        .append("import io.bpf4j.annotations.Section;\n")
        .append("import io.bpf4j.annotations.Struct;\n")
        .append("import io.bpf4j.lang.BpfMap;\n")
        .append("import io.bpf4j.lang.MapType;\n")
        .append("import io.bpf4j.lang.XdpMd;\n\n")
        .append("@License(\"GPL\")\n")
        .append("public final class Blocks")
        .append(blocks)
        .append(" {\n")
        .append("  @Struct\n  public static final class Total {\n    public long value;\n  }\n\n")
        .append("  @Map(type = MapType.HASH, maxEntries = 64)\n")
        .append("  static BpfMap<Integer, Total> totals;\n\n")
        .append("  @Section(\"xdp\")\n  public static int run(XdpMd ctx) {\n")
        .append("    int acc = ctx.ingressIfindex();\n");
    for (int i = 0; i < blocks; i++) {
      int off = 14 + (i * 7) % 50;
      b.append("    if (ctx.length() > ").append(off).append(") {\n");
      b.append("      int v").append(i).append(" = ctx.loadByte(").append(off).append(");\n");
      b.append("      if ((v").append(i).append(" & ").append(1 << (i % 8)).append(") == 0) {\n");
      b.append("        acc += v").append(i).append(" * 3 + ").append(i).append(";\n");
      b.append("      } else {\n");
      b.append("        acc ^= v").append(i).append(" << ").append(i % 5).append(";\n");
      b.append("      }\n    }\n");
      if (i % 4 == 3) {
        b.append("    Total t").append(i).append(" = totals.lookup(acc & 63);\n");
        b.append("    if (t").append(i).append(" != null) {\n");
        b.append("      t").append(i).append(".value += acc;\n");
        b.append("    } else {\n");
        b.append("      Total n").append(i).append(" = new Total();\n");
        b.append("      n").append(i).append(".value = ").append(i).append(";\n");
        b.append("      totals.update(acc & 63, n").append(i).append(", BpfMap.ANY);\n");
        b.append("    }\n");
      }
      if (i % 8 == 7) {
        b.append("    for (int j = 0; j < 4; j++) {\n");
        b.append("      acc = acc * 31 + ctx.loadByte(j + ").append(i % 3).append(");\n");
        b.append("    }\n");
      }
    }
    b.append("    return (acc & 1) == 0 ? 2 : 1;\n  }\n\n  private Blocks")
        .append(blocks)
        .append("() {}\n}\n");
    Path file = dir.resolve("scaling/Blocks" + blocks + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, b);
    return file;
  }

  private static void print(int rounds, int[] slots, long[][] added) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "processor cost by method size: one generated XDP method per row, javac with the processor"
            + " (loaded once) minus javac alone, median of %d interleaved rounds after %d"
            + " warm-ups; JVM %s%n",
        rounds,
        WARMUP,
        Runtime.version());
    System.out.printf(
        Locale.ROOT,
        "%8s %8s %12s %12s %20s%n",
        "blocks",
        "slots",
        "added ms",
        "us per slot",
        "growth exponent");
    double previous = Double.NaN;
    for (int s = 0; s < BLOCKS.length; s++) {
      double ms = median(added[s]) / 1e6;
      String growth = "";
      if (s > 0 && previous > 0 && ms > 0) {
        double exponent =
            Math.log(ms / previous) / Math.log((double) slots[s] / Math.max(1, slots[s - 1]));
        growth = String.format(Locale.ROOT, "%.2f", exponent);
      }
      System.out.printf(
          Locale.ROOT,
          "%8d %8d %12.2f %12.2f %20s%n",
          BLOCKS[s],
          slots[s],
          ms,
          ms * 1000 / Math.max(1, slots[s]),
          growth);
      previous = ms;
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
