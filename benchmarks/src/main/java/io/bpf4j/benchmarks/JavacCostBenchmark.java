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
import java.util.stream.Stream;
import javax.annotation.processing.Processor;

/**
 * What the bpf4j processor adds to javac: one javac run (in this process, {@code javax.tools}) over
 * the same {@value #CLASSES} program classes, three ways, interleaved round after round in one warm
 * JVM:
 *
 * <ol>
 *   <li><b>javac alone</b>: an empty annotation processor path, so no processor runs;
 *   <li><b>+ bpf4j, processor path</b>: the shaded processor jar as {@code -processorpath}, as a
 *       build passes it; javac loads the processor with a new class loader on every run, so its
 *       code starts cold (interpreted) each time, as in a fresh build;
 *   <li><b>+ bpf4j, loaded once</b>: the processor's classes loaded once by this JVM and a new
 *       instance handed to each run ({@code CompilationTask.setProcessors}), as a build daemon that
 *       keeps its processor class loader would: the processor's own steady-state cost.
 * </ol>
 *
 * The classes are the corpus of integration-tests ({@code corpus/*.java} and {@code
 * corpus/classic/*.java}), copied into packages {@code javaccost.k0}, {@code javaccost.k1}, ...
 * until there are {@value #CLASSES}; every one has {@code @Section} methods, and each run with the
 * processor must write one {@code .bpf.o} per class. After {@value #WARMUP} warm-up rounds, the
 * medians of {@value #ROUNDS} measured rounds give the processor's added cost in ms per run and per
 * class, against the aim of issue 6: at most {@value #AIM_MS_PER_CLASS} ms per class.
 *
 * <p>Reads the corpus from the source tree (run from the repository root, or set {@code
 * -Dbpf4j.root=...}) and the processor jar from {@code processor/target}. Needs a JDK, not root.
 * Run it with {@code scripts/bench JavacCostBenchmark}.
 *
 * <p>Arguments (all optional): the number of measured rounds (default {@value #ROUNDS}).
 */
public final class JavacCostBenchmark {
  static final int CLASSES = 50;
  static final int WARMUP = 5;
  static final int ROUNDS = 10;
  static final int AIM_MS_PER_CLASS = 20;

  private JavacCostBenchmark() {}

  /** The three ways of running javac. */
  private enum Variant {
    ALONE("javac alone (no processor)"),
    PROCESSOR_PATH("javac + bpf4j, -processorpath jar"),
    LOADED_ONCE("javac + bpf4j, processor loaded once");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : ROUNDS;
    SourceTree tree = SourceTree.find();
    requireNoProcessorOnClassPath();
    Path work = Files.createTempDirectory("bpf4j-javaccost");
    try {
      List<Path> sources = copyCorpus(tree, work.resolve("src"));
      Path jar = tree.processorJar();
      Path emptyProcessorPath = Files.createDirectories(work.resolve("no-processors"));
      // Loaded once, outside javac: the platform loader as parent, since the shaded jar holds
      // everything the processor needs but javax.annotation.processing.
      try (URLClassLoader processorLoader =
          new URLClassLoader(
              new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
        Class<? extends Processor> processorClass =
            ServiceLoader.load(Processor.class, processorLoader).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no processor service in " + jar))
                .type();
        long[][] ms = new long[Variant.values().length][rounds];
        int out = 0;
        for (int r = 0; r < WARMUP + rounds; r++) {
          for (Variant v : Variant.values()) {
            Path classes = work.resolve("out" + out++);
            List<Processor> processors =
                v == Variant.LOADED_ONCE
                    ? List.of(processorClass.getDeclaredConstructor().newInstance())
                    : null;
            Path processorPath = v == Variant.ALONE ? emptyProcessorPath : jar;
            long t0 = System.nanoTime();
            Javac.compile(sources, classes, processorPath, processors);
            long t = System.nanoTime() - t0;
            checkObjects(classes, v == Variant.ALONE ? 0 : sources.size(), v);
            SourceTree.deleteTree(classes);
            if (r >= WARMUP) {
              ms[v.ordinal()][r - WARMUP] = t;
            }
          }
        }
        print(sources.size(), rounds, ms);
      }
    } finally {
      SourceTree.deleteTree(work);
    }
  }

  /**
   * javac's processor class loader has this JVM's class path as its parent: a processor found there
   * would run in "javac alone" and be loaded once (warm) in the -processorpath runs too.
   */
  private static void requireNoProcessorOnClassPath() {
    ServiceLoader.load(Processor.class, ClassLoader.getSystemClassLoader()).stream()
        .findFirst()
        .ifPresent(
            p -> {
              throw new IllegalStateException(
                  "annotation processor "
                      + p.type().getName()
                      + " is on the class path; run with a class path without the processor jar"
                      + " (scripts/bench builds one)");
            });
  }

  /**
   * Copies the corpus into {@code dir}, package {@code corpus} becoming {@code
   * javaccost.k<n>.corpus} for copy n, until there are {@value #CLASSES} sources.
   */
  private static List<Path> copyCorpus(SourceTree tree, Path dir) throws IOException {
    List<Path> corpus = new ArrayList<>();
    for (String sub : List.of("corpus", "corpus/classic")) {
      try (Stream<Path> files = Files.list(tree.resource(sub))) {
        files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(corpus::add);
      }
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; out.size() < CLASSES; i++) {
      Path original = corpus.get(i % corpus.size());
      String prefix = "javaccost.k" + (i / corpus.size()) + ".";
      String text =
          Files.readString(original)
              .replace("package corpus", "package " + prefix + "corpus")
              .replace("import corpus.", "import " + prefix + "corpus.");
      String pkg = text.substring(text.indexOf("package ") + 8, text.indexOf(';'));
      Path target = dir.resolve(pkg.replace('.', '/')).resolve(original.getFileName().toString());
      Files.createDirectories(target.getParent());
      Files.writeString(target, text);
      out.add(target);
    }
    return out;
  }

  /** Fails unless javac wrote {@code expected} objects (the processor ran on every class). */
  private static void checkObjects(Path classes, int expected, Variant v) throws IOException {
    long objects;
    try (Stream<Path> files = Files.walk(classes)) {
      objects = files.filter(p -> p.toString().endsWith(".bpf.o")).count();
    }
    if (objects != expected) {
      throw new IllegalStateException(
          v.label + " wrote " + objects + " .bpf.o files, expected " + expected);
    }
  }

  private static void print(int classes, int rounds, long[][] ns) {
    long alone = median(ns[Variant.ALONE.ordinal()]);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "javac over %d program classes (in process, --release 17), median of %d interleaved"
            + " rounds after %d warm-ups; JVM %s%n",
        classes,
        rounds,
        WARMUP,
        Runtime.version());
    System.out.printf(
        Locale.ROOT,
        "%-40s %10s %10s %12s %14s%n",
        "variant",
        "ms/run",
        "best ms",
        "added ms",
        "added ms/class");
    double pathPerClass = Double.NaN;
    for (Variant v : Variant.values()) {
      long[] times = ns[v.ordinal()];
      long median = median(times);
      // The added cost per round (this variant minus javac alone in the same round), then the
      // median: steadier on a busy machine than the difference of the two medians.
      long[] added = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        added[r] = times[r] - ns[Variant.ALONE.ordinal()][r];
      }
      double addedMs = v == Variant.ALONE ? 0 : median(added) / 1e6;
      if (v == Variant.PROCESSOR_PATH) {
        pathPerClass = addedMs / classes;
      }
      System.out.printf(
          Locale.ROOT,
          "%-40s %10.1f %10.1f %12s %14s%n",
          v.label,
          median / 1e6,
          Arrays.stream(times).min().orElse(0) / 1e6,
          v == Variant.ALONE ? "-" : String.format(Locale.ROOT, "%.1f", addedMs),
          v == Variant.ALONE ? "-" : String.format(Locale.ROOT, "%.2f", addedMs / classes));
    }
    System.out.printf(
        Locale.ROOT,
        "(added = median over rounds of (variant - javac alone) in the same round; javac alone"
            + " takes %.2f ms/class)%n",
        alone / 1e6 / classes);
    System.out.printf(
        Locale.ROOT,
        "aim processor <= %d ms per class (-processorpath, as a build runs it): %s (%.2f ms)%n",
        AIM_MS_PER_CLASS,
        pathPerClass <= AIM_MS_PER_CLASS ? "MET" : "NOT MET",
        pathPerClass);
  }

  private static long median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
