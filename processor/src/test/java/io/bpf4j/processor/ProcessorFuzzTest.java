package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.processor.fuzz.FuzzProgram;
import io.bpf4j.processor.fuzz.FuzzProgram.Placement;
import io.bpf4j.processor.fuzz.FuzzProgram.Rendered;
import io.bpf4j.processor.fuzz.Injection;
import io.bpf4j.processor.fuzz.UnsupportedConstructs;
import io.bpf4j.testprograms.JavacBatch;
import io.bpf4j.testprograms.ProgramClass;
import io.bpf4j.testprograms.Reductions;
import io.bpf4j.testprograms.Shrinker;
import io.bpf4j.testprograms.Stmt;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Robustness fuzzing of the processor. Random valid BPF programs (the shared generator's, made
 * ready for injections by {@link FuzzProgram}) get one to three unsupported constructs ({@link
 * UnsupportedConstructs}) injected at random statement positions. For each, javac must fail with an
 * error from the processor on the injected line (or on a member the construct declares, for
 * recursion and the like), whose message says what is wrong; the processor must not crash and must
 * write no object. The same programs without injections are a control group: they must compile to
 * an object, which keeps the generator honest.
 *
 * <p>System properties: {@code bpf4j.fuzz.seed} (replays a run; a case's own seed, printed with its
 * failure, replays that case as case 0), {@code bpf4j.fuzz.cases} (at most this many cases, default
 * 400) and {@code bpf4j.fuzz.seconds} (stop starting new cases after this long, default 40).
 */
class ProcessorFuzzTest {
  private static final int CONTROL_BATCH = 8;
  private static final int MAX_REPORTED = 3;
  private static final int SHRINK_ATTEMPTS = 400;

  /** Only the first failure is shrunk, so that a failing run still ends within about a minute. */
  private static final long SHRINK_SECONDS = 15;

  private static final String PROCESSOR_MESSAGE = "compiler.err.proc.messager";

  /** javac with a new processor from the test class path for each run. */
  private static final JavacBatch JAVAC = new JavacBatch(BpfProcessor::new, List.of());

  /** The seed CI runs with; change it (after a clean run of the new one) to explore elsewhere. */
  private static final long CI_SEED = 20261125L;

  /** One generated program, and the same program with constructs injected. */
  private record Case(long seed, FuzzProgram program, List<Placement> placements) {
    Rendered control() {
      return program.render();
    }

    Rendered injected() {
      return program.render(placements);
    }

    String kinds() {
      return placements.stream().map(p -> p.injection().kind()).collect(Collectors.joining(", "));
    }
  }

  /** The outcome of one javac run. */
  private record Outcome(JavacBatch.Output result, Throwable crash, List<String> objects) {
    List<Diagnostic<? extends JavaFileObject>> errors() {
      return result == null
          ? List.of()
          : result.diagnostics().stream()
              .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
              .toList();
    }

    boolean success() {
      return result.failures().isEmpty();
    }

    String diagnostics() {
      if (crash != null) {
        StringWriter w = new StringWriter();
        crash.printStackTrace(new PrintWriter(w));
        return "javac threw:\n" + w;
      }
      return TestCompiler.format(result.diagnostics());
    }
  }

  @Test
  void unsupportedConstructsAreReportedOnTheirLineAndValidProgramsCompile() {
    // CI replays one known seed (a landing must not hinge on luck); anywhere else each run
    // explores.
    long seed =
        Long.getLong(
            "bpf4j.fuzz.seed",
            "true".equals(System.getenv("CI")) ? CI_SEED : new Random().nextLong());
    int cases = Integer.getInteger("bpf4j.fuzz.cases", 600);
    long seconds = Long.getLong("bpf4j.fuzz.seconds", 40);
    int threads =
        // One by default: on a loaded 2-core machine two parallel javac runs were slower.
        Integer.getInteger("bpf4j.fuzz.threads", 1);
    System.out.println(
        "ProcessorFuzzTest: -Dbpf4j.fuzz.seed="
            + seed
            + " (up to "
            + cases
            + " cases, "
            + seconds
            + " s, "
            + threads
            + " threads; "
            + UnsupportedConstructs.size()
            + " kinds of construct)");
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    List<String> failures = new ArrayList<>();
    Map<String, Integer> kinds = new TreeMap<>();
    int run = 0;
    int injections = 0;
    // Cases are independent javac runs: they are compiled in parallel and checked in order.
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      while (run < cases && System.nanoTime() < deadline) {
        List<Case> batch = new ArrayList<>();
        for (int i = 0; i < CONTROL_BATCH && run < cases; i++, run++) {
          batch.add(newCase(seed + run));
        }
        Future<Outcome> controls = pool.submit(() -> compileControls(batch));
        List<Future<Outcome>> injected = new ArrayList<>();
        for (Case c : batch) {
          injected.add(pool.submit(() -> compile(c.program().qualifiedName(), c.injected())));
        }
        checkControls(batch, await(controls), failures);
        for (int i = 0; i < batch.size(); i++) {
          Case c = batch.get(i);
          injections += c.placements().size();
          c.placements().forEach(p -> kinds.merge(p.injection().kind(), 1, Integer::sum));
          String problem = problem(c.injected(), await(injected.get(i)));
          if (problem != null) {
            System.out.println(
                "ProcessorFuzzTest: case seed " + c.seed() + " [" + c.kinds() + "]: " + problem);
            failures.add(
                failures.size() < MAX_REPORTED ? report(c, problem, failures.isEmpty()) : problem);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf(
        Locale.ROOT,
        "ProcessorFuzzTest: %d cases, %d injected constructs of %d kinds, %d failures in %.1f s%n",
        run,
        injections,
        kinds.size(),
        failures.size(),
        (System.nanoTime() - start) / 1e9);
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " fuzz case(s) failed (seed "
              + seed
              + "); the first ones:\n\n"
              + String.join("\n\n", failures.subList(0, Math.min(MAX_REPORTED, failures.size()))));
    }
  }

  private static Case newCase(long seed) {
    Random rnd = new Random(seed);
    FuzzProgram program = FuzzProgram.generate(rnd, "Fuzz_" + Long.toUnsignedString(seed, 36));
    List<Stmt.Hole> holes = program.holes();
    int count = rnd.nextInt(10) < 6 ? 1 : rnd.nextInt(10) < 6 ? 2 : 3;
    List<Placement> placements = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Stmt.Hole hole = holes.get(rnd.nextInt(holes.size()));
      Injection injection = UnsupportedConstructs.pick(rnd, program.scopes().get(hole.id()), i);
      placements.add(new Placement(injection.statement() == null ? -1 : hole.id(), injection));
    }
    return new Case(seed, program, placements);
  }

  // ---- the control group

  /** The control programs of a batch, compiled together: they must all compile. */
  private static Outcome compileControls(List<Case> batch) {
    List<JavacBatch.Source> sources = new ArrayList<>();
    for (Case c : batch) {
      sources.add(new JavacBatch.Source(c.program().qualifiedName(), c.control().source()));
    }
    return compile(sources);
  }

  private void checkControls(List<Case> batch, Outcome together, List<String> failures) {
    if (controlProblem(batch, together) == null) {
      return;
    }
    // Compile each alone to tell which one fails.
    for (Case c : batch) {
      Outcome alone = compile(c.program().qualifiedName(), c.control());
      String problem = controlProblem(List.of(c), alone);
      if (problem != null) {
        System.out.println("ProcessorFuzzTest: control seed " + c.seed() + ": " + problem);
        failures.add(
            failures.size() < MAX_REPORTED
                ? reportControl(c, problem, alone, failures.isEmpty())
                : problem);
      }
    }
  }

  private static String controlProblem(List<Case> cases, Outcome o) {
    if (o.crash() != null) {
      return "javac crashed on valid programs";
    }
    if (!o.success() || !o.errors().isEmpty()) {
      return "valid programs did not compile";
    }
    for (Case c : cases) {
      String object = c.program().qualifiedName().replace('.', '/') + ".bpf.o";
      if (!o.objects().contains(object)) {
        return "no " + object + " written for a valid program";
      }
    }
    return null;
  }

  private String reportControl(Case c, String problem, Outcome o, boolean shrink) {
    Rendered control = c.control();
    FuzzProgram shrunk =
        !shrink
            ? c.program()
            : shrink(
                c.program(),
                Set.of(),
                p -> {
                  Outcome s = compile(p.qualifiedName(), p.render());
                  return controlProblem(List.of(c), s) != null && javacOwnErrors(s).isEmpty();
                });
    String head =
        "CONTROL case seed " + c.seed() + ": " + problem + "\n--- diagnostics:\n" + o.diagnostics();
    if (shrunk == c.program()) {
      return head + "\n--- source:\n" + control.numbered();
    }
    Rendered small = shrunk.render();
    return head
        + "\n--- shrunk source:\n"
        + small.numbered()
        + "\n--- its diagnostics:\n"
        + compile(shrunk.qualifiedName(), small).diagnostics()
        + "\n--- full source:\n"
        + control.numbered();
  }

  // ---- the injected programs

  /** What is wrong with how javac handled an injected program, or null when all is well. */
  private static String problem(Rendered rendered, Outcome o) {
    if (o.crash() != null) {
      return "CRASH: javac threw " + o.crash();
    }
    if (o.success()) {
      return "ACCEPTED: compilation succeeded";
    }
    if (!javacOwnErrors(o).isEmpty()) {
      return "GENERATOR: javac itself rejected the generated Java";
    }
    if (!o.objects().isEmpty()) {
      return "OBJECT: " + o.objects() + " written despite errors";
    }
    int lines = rendered.source().split("\n", -1).length;
    for (Diagnostic<? extends JavaFileObject> d : o.errors()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.contains("internal error") || message.contains("\tat ")) {
        return "CRASH: " + firstLine(message);
      }
      if (d.getSource() == null || d.getLineNumber() < 1 || d.getLineNumber() > lines) {
        return "POSITION: an error without a line in the class: " + firstLine(message);
      }
      int line = (int) d.getLineNumber();
      if (!rendered.blamedLines().contains(line)) {
        return "LINE: an error on line "
            + line
            + ", expected on "
            + rendered.blamedLines()
            + ": "
            + firstLine(message);
      }
      boolean explained =
          rendered.expectations().stream()
              .filter(e -> e.lines().contains(line))
              .anyMatch(e -> e.injection().messages().stream().anyMatch(message::contains));
      if (!explained) {
        return "MESSAGE: on line " + line + " an unexpected message: " + firstLine(message);
      }
    }
    return null;
  }

  private static List<Diagnostic<? extends JavaFileObject>> javacOwnErrors(Outcome o) {
    return o.errors().stream().filter(d -> !PROCESSOR_MESSAGE.equals(d.getCode())).toList();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private String report(Case c, String problem, boolean shrink) {
    Rendered full = c.injected();
    Outcome outcome = compile(c.program().qualifiedName(), full);
    String kind = problem.substring(0, problem.indexOf(':'));
    Set<Integer> keep = c.placements().stream().map(Placement::hole).collect(Collectors.toSet());
    FuzzProgram shrunk =
        kind.equals("GENERATOR") || !shrink
            ? c.program()
            : shrink(
                c.program(),
                keep,
                p -> {
                  Rendered r = p.render(c.placements());
                  String again = problem(r, compile(p.qualifiedName(), r));
                  return again != null && again.startsWith(kind + ":");
                });
    Rendered small = shrunk.render(c.placements());
    if (shrunk == c.program()) {
      return "case seed "
          + c.seed()
          + " ["
          + c.kinds()
          + "]: "
          + problem
          + "\n--- source (expected lines "
          + full.blamedLines()
          + "):\n"
          + full.numbered()
          + "\n--- diagnostics:\n"
          + outcome.diagnostics();
    }
    return "case seed "
        + c.seed()
        + " ["
        + c.kinds()
        + "]: "
        + problem
        + "\n--- shrunk source:\n"
        + small.numbered()
        + "\n--- its diagnostics:\n"
        + compile(shrunk.qualifiedName(), small).diagnostics()
        + "\n--- full source (expected lines "
        + full.blamedLines()
        + "):\n"
        + full.numbered()
        + "\n--- diagnostics:\n"
        + outcome.diagnostics();
  }

  /**
   * The smallest program found that still fails ({@code stillFails}), shrunk with the shared
   * shrinker, one candidate at a time; {@code keep} are the ids of the holes that hold injections.
   */
  private static FuzzProgram shrink(
      FuzzProgram program, Set<Integer> keep, Predicate<FuzzProgram> stillFails) {
    Shrinker<ProgramClass> shrinker =
        new Shrinker<>(
            c -> Reductions.of(c, FuzzProgram.keeping(keep)),
            batch -> stillFails.test(program.with(batch.get(0))) ? 0 : -1,
            1,
            SHRINK_ATTEMPTS,
            Instant.now().plusSeconds(SHRINK_SECONDS));
    Shrinker.Result<ProgramClass> r = shrinker.shrink(program.program());
    return r.steps() == 0 ? program : program.with(r.smallest());
  }

  // ---- compiling

  private static Outcome await(Future<Outcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Outcome compile(String qualifiedName, Rendered rendered) {
    return compile(List.of(new JavacBatch.Source(qualifiedName, rendered.source())));
  }

  /**
   * Compiles in one javac run (and again without the sources that have errors) into a fresh
   * directory, which is deleted after the objects in it were listed.
   */
  private static Outcome compile(List<JavacBatch.Source> sources) {
    Path dir;
    try {
      dir = Files.createTempDirectory("bpf4j-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      JavacBatch.Output result = JAVAC.compile(sources, dir);
      List<String> objects = new ArrayList<>();
      for (JavacBatch.Source s : sources) {
        if (Files.isRegularFile(result.object(s.binaryName()))) {
          objects.add(s.binaryName().replace('.', '/') + ".bpf.o");
        }
      }
      return new Outcome(result, null, objects);
    } catch (RuntimeException | Error e) {
      return new Outcome(null, e, List.of());
    } finally {
      JavacBatch.deleteRecursively(dir);
    }
  }
}
