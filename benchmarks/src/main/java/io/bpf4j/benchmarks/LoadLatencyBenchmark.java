package io.bpf4j.benchmarks;

import io.bpf4j.benchmarks.Suite.Pair;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load latency, warm, in one run: {@link BpfRuntime#load(byte[], String)} then {@link
 * BpfObject#close()} of each suite program's object, against a C program built now with {@code gcc
 * -O2 ... -lbpf} (Debian's libbpf-dev) that does {@code bpf_object__open_mem}, {@code
 * bpf_object__load} and {@code bpf_object__close} in a timed loop. Both read the object into memory
 * once and then, per load, parse it, load its BTF, create every map, load every program and close
 * everything again; the counts of maps and programs each side created are printed and compared.
 *
 * <p>Every object is loaded by both loaders: ours (javac + bpf4j) and clang's ({@code clang-19 -O2
 * -g -target bpf -mcpu=v4}). The aim of issue 6, {@code BpfRuntime.load} of our object at most
 * {@value #AIM} times libbpf's load of the clang object, mixes two things: the loader's own cost
 * and the verifier's work on two different programs. The other two columns separate them: both
 * loaders on the same clang object is the runtime against libbpf alone.
 *
 * <p>Where the time goes: the C program times its three calls, and this JVM loads each object again
 * through the runtime's two layers ({@code ObjectReader.read}, {@code BpfRuntime.load(LinkedObject,
 * String)}, {@code BpfObject.close}), so the table shows parse, kernel and close steps side by
 * side. (As measured: the kernel and close steps of both loaders are alike on the same object; the
 * parse, 20-70 us in Java against libbpf's 5-15 us, makes the difference.)
 *
 * <p>The two sides alternate in {@value #BLOCKS} blocks (the C process, then this JVM), each with
 * {@value #WARMUP} warm-up and {@value #RUNS} measured loads per object, with a pause of {@value
 * #SETTLE_MS} ms after each for the kernel's deferred frees; this JVM also warms up once over all
 * objects before the first block. The medians are of all measured loads.
 *
 * <p>Needs root, clang-19, gcc and libbpf-dev, and reads the suite's sources from the source tree
 * (run from the repository root, or set {@code -Dbpf4j.root=...}); run it with {@code scripts/bench
 * LoadLatencyBenchmark}.
 *
 * <p>Arguments (all optional): the number of measured loads per object and block (default {@value
 * #RUNS}).
 */
public final class LoadLatencyBenchmark {
  static final int BLOCKS = 3;
  static final int WARMUP = 10;
  static final int RUNS = 30;
  static final int JVM_WARMUP_ROUNDS = 40;
  static final double AIM = 1.5;
  static final int SETTLE_MS = 300;

  private LoadLatencyBenchmark() {}

  /**
   * The three steps of a load, each loader's own: parsing the object (bpf4j's {@code
   * ObjectReader.read}, libbpf's {@code bpf_object__open_mem}), creating the kernel objects (BTF,
   * maps, programs: {@code BpfRuntime.load(LinkedObject, String)}, {@code bpf_object__load}) and
   * closing them.
   */
  private static final class Steps {
    final List<Long> parse = new ArrayList<>();
    final List<Long> kernel = new ArrayList<>();
    final List<Long> close = new ArrayList<>();
  }

  /** One object file and what each loader measured loading it. */
  private static final class Subject {
    final String pair;
    final Path file;
    final byte[] bytes;
    final int maps;
    final int programs;
    final List<Long> javaNs = new ArrayList<>();
    final List<Long> cNs = new ArrayList<>();
    final Steps javaSteps = new Steps();
    final Steps cSteps = new Steps();
    int cMaps = -1;
    int cPrograms = -1;

    Subject(String pair, Path file) throws Exception {
      this.pair = pair;
      this.file = file;
      this.bytes = Files.readAllBytes(file);
      LinkedObject parsed = ObjectReader.read(bytes, pair);
      this.maps = parsed.maps().size();
      this.programs = parsed.programs().size();
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : RUNS;
    SourceTree tree = SourceTree.find();
    Path work = Files.createTempDirectory("bpf4j-load");
    try {
      List<Subject> subjects = new ArrayList<>();
      for (Pair pair : Suite.pairs()) {
        subjects.add(new Subject(pair.label(), Suite.javaObject(tree, work, pair)));
        subjects.add(new Subject(pair.label(), Suite.cObject(tree, work, pair)));
      }
      Path loader = buildCLoader(work);
      for (int round = 0; round < JVM_WARMUP_ROUNDS; round++) {
        for (Subject s : subjects) {
          loadJava(s);
        }
      }
      for (int block = 0; block < BLOCKS; block++) {
        runC(loader, subjects, runs);
        settle();
        for (Subject s : subjects) {
          for (int r = 0; r < WARMUP + runs; r++) {
            long t = loadJava(s);
            if (r >= WARMUP) {
              s.javaNs.add(t);
            }
          }
          for (int r = 0; r < runs; r++) {
            loadJavaInSteps(s);
          }
        }
        settle();
      }
      print(subjects, runs);
    } finally {
      SourceTree.deleteTree(work);
    }
  }

  /** One load and close with the bpf4j runtime; the wall time in ns. */
  private static long loadJava(Subject s) {
    long t0 = System.nanoTime();
    BpfObject obj = BpfRuntime.load(s.bytes, s.pair);
    obj.close();
    return System.nanoTime() - t0;
  }

  /** The same load through the runtime's two layers, each step timed. */
  private static void loadJavaInSteps(Subject s) {
    long t0 = System.nanoTime();
    LinkedObject object = ObjectReader.read(s.bytes, s.pair);
    long t1 = System.nanoTime();
    BpfObject loaded = BpfRuntime.load(object, s.pair);
    long t2 = System.nanoTime();
    loaded.close();
    long t3 = System.nanoTime();
    s.javaSteps.parse.add(t1 - t0);
    s.javaSteps.kernel.add(t2 - t1);
    s.javaSteps.close.add(t3 - t2);
  }

  /**
   * Closing programs and maps leaves the kernel work to do later (RCU callbacks, deferred frees on
   * kworkers); a pause lets it finish before the other loader's block, which would pay for it.
   */
  private static void settle() throws InterruptedException {
    Thread.sleep(SETTLE_MS);
  }

  private static Path buildCLoader(Path work) throws Exception {
    Path source = work.resolve("bench_load.c");
    try (InputStream in = LoadLatencyBenchmark.class.getResourceAsStream("bench_load.c")) {
      if (in == null) {
        throw new IllegalStateException("bench_load.c is missing from the classpath");
      }
      Files.copy(in, source);
    }
    Path binary = work.resolve("bench_load");
    SourceTree.run(
        work, List.of("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lbpf"));
    return binary;
  }

  private static final Pattern C_LINE =
      Pattern.compile(
          "maps=(\\d+) progs=(\\d+) ns=([\\d,]+) open=([\\d,]+) load=([\\d,]+) close=([\\d,]+)");

  /** One block of the C loader over every object, in one process. */
  private static void runC(Path loader, List<Subject> subjects, int runs) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(loader.toString());
    command.add(String.valueOf(WARMUP));
    command.add(String.valueOf(runs));
    for (Subject s : subjects) {
      command.add(s.file.toString());
    }
    String[] lines = SourceTree.run(loader.getParent(), command).strip().split("\n");
    if (lines.length != subjects.size()) {
      throw new IllegalStateException("bench_load printed:\n" + String.join("\n", lines));
    }
    for (int i = 0; i < lines.length; i++) {
      Matcher m = C_LINE.matcher(lines[i].strip());
      if (!m.matches()) {
        throw new IllegalStateException("unexpected output of bench_load: " + lines[i]);
      }
      Subject s = subjects.get(i);
      s.cMaps = Integer.parseInt(m.group(1));
      s.cPrograms = Integer.parseInt(m.group(2));
      addAll(s.cNs, m.group(3));
      addAll(s.cSteps.parse, m.group(4));
      addAll(s.cSteps.kernel, m.group(5));
      addAll(s.cSteps.close, m.group(6));
    }
  }

  private static void addAll(List<Long> to, String commaSeparated) {
    for (String ns : commaSeparated.split(",")) {
      to.add(Long.parseLong(ns));
    }
  }

  private static void print(List<Subject> subjects, int runs) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "load + close latency, warm, median of %d loads per cell (%d blocks alternating C and"
            + " Java, %d measured loads each after %d warm-ups); ms%n",
        BLOCKS * runs,
        BLOCKS,
        runs,
        WARMUP);
    String fmt = "%-26s %9s %9s %9s %9s  %7s %7s  %s%n";
    System.out.printf(
        Locale.ROOT, fmt, "", "bpf4j", "libbpf", "bpf4j", "libbpf", "aim", "same", "maps+progs");
    System.out.printf(
        Locale.ROOT,
        fmt,
        "program",
        "our obj",
        "clang obj",
        "clang obj",
        "our obj",
        "ratio",
        "ratio",
        "ours / clang");
    double logAim = 0;
    double logSame = 0;
    double worstAim = 0;
    int worst = 0;
    boolean mismatch = false;
    int pairs = 0;
    for (int i = 0; i < subjects.size(); i += 2) {
      Subject ours = subjects.get(i);
      Subject clang = subjects.get(i + 1);
      double oursByJava = median(ours.javaNs);
      double clangByC = median(clang.cNs);
      double clangByJava = median(clang.javaNs);
      double oursByC = median(ours.cNs);
      double aim = oursByJava / clangByC;
      double same = clangByJava / clangByC;
      logAim += Math.log(aim);
      logSame += Math.log(same);
      pairs++;
      if (aim > worstAim) {
        worstAim = aim;
        worst = i;
      }
      boolean counts =
          ours.maps == clang.cMaps
              && ours.programs == clang.cPrograms
              && ours.maps == ours.cMaps
              && clang.maps == clang.cMaps
              && ours.programs == ours.cPrograms
              && clang.programs == clang.cPrograms;
      mismatch |= !counts;
      System.out.printf(
          Locale.ROOT,
          fmt,
          ours.pair,
          ms(oursByJava),
          ms(clangByC),
          ms(clangByJava),
          ms(oursByC),
          String.format(Locale.ROOT, "%.2f", aim),
          String.format(Locale.ROOT, "%.2f", same),
          ours.maps
              + "+"
              + ours.programs
              + " / "
              + clang.maps
              + "+"
              + clang.programs
              + (counts
                  ? ""
                  : "  DIFFERENT (libbpf: " + clang.cMaps + "+" + clang.cPrograms + ")"));
    }
    double gAim = Math.exp(logAim / pairs);
    System.out.printf(
        Locale.ROOT,
        "columns: bpf4j BpfRuntime.load or libbpf bpf_object__open_mem + load, of our object"
            + " (javac + bpf4j) or clang's; aim ratio = bpf4j on ours / libbpf on clang's; same"
            + " ratio = bpf4j / libbpf on the same clang object%n");
    System.out.printf(
        Locale.ROOT,
        "geometric mean over %d programs: aim ratio %.2f, same-object ratio %.2f%n",
        pairs,
        gAim,
        Math.exp(logSame / pairs));
    if (mismatch) {
      System.out.println(
          "warning: the loaders created different numbers of maps or programs (DIFFERENT above)");
    }
    printSteps(subjects);
    System.out.printf(
        Locale.ROOT,
        "aim bpf4j load <= %.1f x C libbpf load, geometric mean: %s (%.2f)%n",
        AIM,
        gAim <= AIM ? "MET" : "NOT MET",
        gAim);
    Subject worstOurs = subjects.get(worst);
    Subject worstClang = subjects.get(worst + 1);
    System.out.printf(
        Locale.ROOT,
        "aim bpf4j load <= %.1f x C libbpf load, every program: %s (worst %s %.2f; its kernel"
            + " step: %s ms for our object, %s ms for clang's with libbpf)%n",
        AIM,
        worstAim <= AIM ? "MET" : "NOT MET",
        worstOurs.pair,
        worstAim,
        ms(median(worstOurs.javaSteps.kernel)),
        ms(median(worstClang.cSteps.kernel)));
  }

  /** Where the time goes: each loader's three steps, medians in ms. */
  private static void printSteps(List<Subject> subjects) {
    System.out.println();
    System.out.println(
        "where the time goes (medians, ms): parse = bpf4j ObjectReader.read / libbpf"
            + " bpf_object__open_mem; kernel = BTF, maps and programs created (BpfRuntime.load /"
            + " bpf_object__load, which also loads a probe program each time); close");
    String fmt = "%-26s %22s  %22s  %22s%n";
    System.out.printf(
        Locale.ROOT, fmt, "", "bpf4j, clang obj", "libbpf, clang obj", "bpf4j, our obj");
    System.out.printf(
        Locale.ROOT,
        fmt,
        "program",
        "parse kernel close",
        "parse kernel close",
        "parse kernel close");
    for (int i = 0; i < subjects.size(); i += 2) {
      Subject ours = subjects.get(i);
      Subject clang = subjects.get(i + 1);
      System.out.printf(
          Locale.ROOT,
          fmt,
          ours.pair,
          steps(clang.javaSteps),
          steps(clang.cSteps),
          steps(ours.javaSteps));
    }
  }

  private static String steps(Steps s) {
    return String.format(
        Locale.ROOT,
        "%6.3f %6.3f %6.3f",
        median(s.parse) / 1e6,
        median(s.kernel) / 1e6,
        median(s.close) / 1e6);
  }

  private static double median(List<Long> values) {
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static String ms(double ns) {
    return String.format(Locale.ROOT, "%.3f", ns / 1e6);
  }
}
