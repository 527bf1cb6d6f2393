package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.annotations.Section;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The corpus harness. Each corpus program is a Java source kept as a test resource, {@code
 * src/test/resources/corpus/<Name>.java} in package {@code corpus}; it is compiled <em>at test
 * time</em> with the system javac and the shaded bpf4j processor jar ({@code
 * processor/target/processor-*.jar}), with bpf-annotations (from the test class path) as the only
 * class path entry. The output goes to {@code integration-tests/target/corpus/<Name>/}, so after a
 * run {@code llvm-objdump -d -r target/corpus/<Name>/corpus/<Name>.bpf.o} shows what the processor
 * wrote.
 *
 * <p>A program that does not compile fails only its own test, with javac's diagnostics (file, line,
 * message and the source line) in the assertion message; a program the kernel verifier rejects
 * fails with the verifier's summary and the end of its log.
 */
public final class Corpus {
  private Corpus() {}

  /** The outcome of compiling one corpus program: its object, or javac's complaint. */
  private record Compiled(Path object, String failure) {}

  private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

  /**
   * Compiles corpus program {@code name} (once per test JVM) and loads its object into the kernel,
   * so that the verifier checks every program in it. Requires root and bpffs.
   */
  public static BpfObject load(String name) {
    KernelAssumptions.requireBpffs();
    Path object = compile(name);
    byte[] elf;
    try {
      elf = Files.readAllBytes(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return BpfRuntime.load(elf, name);
    } catch (VerifierException e) {
      throw new AssertionError(
          "corpus/"
              + name
              + ".java compiled, but the kernel verifier rejected program "
              + e.program()
              + (e.sourceLocation() == null ? "" : " at " + e.sourceLocation())
              + ":\n"
              + e.summary()
              + "\n--- end of the verifier log ---\n"
              + tail(e.log(), 40)
              + "\n(object: "
              + object
              + ")",
          e);
    }
  }

  /**
   * Compiles corpus program {@code name} and returns the path of its {@code .bpf.o}; a compile
   * error fails the calling test with javac's diagnostics.
   */
  public static Path compile(String name) {
    Compiled c = CACHE.computeIfAbsent(name, Corpus::javac);
    if (c.failure() != null) {
      fail(c.failure());
    }
    return c.object();
  }

  private static Compiled javac(String name) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    KernelAssumptions.require(compiler != null, "the running Java has no system javac (a JRE?)");
    Path source = source(name);
    Path out = moduleDir().resolve("target/corpus/" + name);
    deleteRecursively(out);
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> options =
        List.of(
            "--release",
            "17",
            "-processorpath",
            processorJar().toString(),
            "-cp",
            annotationsClassPath(),
            "-d",
            out.toString(),
            "-Xlint:none");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter javacOutput = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      ok =
          compiler
              .getTask(
                  javacOutput,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjects(source.toFile()))
              .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path object = out.resolve("corpus/" + name + ".bpf.o");
    if (!ok || hasErrors(diagnostics)) {
      return new Compiled(
          null,
          "javac rejected corpus/"
              + name
              + ".java:\n"
              + describe(diagnostics, source)
              + javacOutput);
    }
    if (!Files.isRegularFile(object)) {
      return new Compiled(
          null,
          "javac compiled corpus/"
              + name
              + ".java without errors but the processor wrote no "
              + object
              + "\n"
              + describe(diagnostics, source)
              + javacOutput);
    }
    return new Compiled(object, null);
  }

  private static boolean hasErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
    return diagnostics.getDiagnostics().stream()
        .anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
  }

  /** Every diagnostic as {@code Name.java:line: kind: message} followed by the source line. */
  private static String describe(DiagnosticCollector<JavaFileObject> diagnostics, Path source) {
    List<String> lines;
    try {
      lines = Files.readAllLines(source);
    } catch (IOException e) {
      lines = List.of();
    }
    StringBuilder sb = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      String file =
          d.getSource() == null ? "" : Path.of(d.getSource().getName()).getFileName() + ":";
      sb.append(file)
          .append(d.getLineNumber())
          .append(": ")
          .append(d.getKind().toString().toLowerCase(Locale.ROOT))
          .append(": ")
          .append(d.getMessage(Locale.ROOT))
          .append('\n');
      long line = d.getLineNumber();
      if (d.getSource() != null && line >= 1 && line <= lines.size()) {
        sb.append("    ").append(lines.get((int) line - 1).strip()).append('\n');
      }
    }
    return sb.toString();
  }

  /** The corpus source: the copy Maven put on the test class path. */
  static Path source(String name) {
    URL url = Corpus.class.getResource("/corpus/" + name + ".java");
    assertTrue(url != null, "no corpus/" + name + ".java on the test class path");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Where bpf-annotations is on the test class path (a jar, or target/classes in a reactor). */
  private static String annotationsClassPath() {
    try {
      return Path.of(Section.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** This module's directory. */
  public static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
        .toAbsolutePath()
        .normalize();
  }

  /** The shaded processor jar, {@code processor/target/processor-<version>.jar}. */
  static Path processorJar() {
    return io.bpf4j.it.ModuleJars.moduleJar(
        moduleDir().getParent().resolve("processor/target"), "processor");
  }

  /** The loopback device's ifindex in this network namespace (test runs happen on it). */
  public static int loopbackIfindex() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/ifindex")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String log, int lines) {
    if (log == null) {
      return "";
    }
    String[] all = log.split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
