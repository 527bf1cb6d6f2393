package io.bpf4j.processor;

import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.bpf4j.lang.BpfMap;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources with the {@link BpfProcessor} for tests: either in memory with
 * compile-testing ({@link #javac()}), or with the JDK's javac into a real class output directory
 * ({@link #compile}), returning the diagnostics and the files written.
 */
final class TestCompiler {
  private TestCompiler() {}

  /** The module directory (surefire runs tests there). */
  static final Path MODULE_DIR = Path.of("").toAbsolutePath();

  /** The examples module's sources, relative to this module. */
  static final Path EXAMPLES =
      MODULE_DIR.resolve("../examples/src/main/java/io/bpf4j/examples").normalize();

  /** The diagnostics and output of one compilation. */
  record Result(
      boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classOutput) {

    /** The ERROR diagnostics. */
    List<Diagnostic<? extends JavaFileObject>> errors() {
      return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    /** Every file written under the class output, as paths relative to it, sorted. */
    List<String> generatedFiles() {
      try (Stream<Path> files = Files.walk(classOutput)) {
        return files
            .filter(Files::isRegularFile)
            .map(p -> classOutput.relativize(p).toString().replace(File.separatorChar, '/'))
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The bytes of a generated file, e.g. {@code "p/Foo.bpf.o"}, if it was written. */
    Optional<byte[]> generated(String relativePath) {
      Path p = classOutput.resolve(relativePath);
      if (!Files.isRegularFile(p)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The bytes of {@code <binaryName>.bpf.o}; fails when it was not written. */
    byte[] object(String binaryName) {
      String path = binaryName.replace('.', '/') + ".bpf.o";
      return generated(path)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no " + path + " written; generated: " + generatedFiles() + "\n" + this));
    }

    @Override
    public String toString() {
      return "compilation " + (success ? "succeeded" : "failed") + ":\n" + format(diagnostics);
    }
  }

  /** compile-testing's javac with the processor and bpf-annotations on the classpath. */
  static Compiler javac() {
    return Compiler.javac()
        .withProcessors(new BpfProcessor())
        .withClasspath(classpath())
        .withOptions("--release", "17");
  }

  /** An in-memory source file of class {@code binaryName}. */
  static JavaFileObject source(String fullyQualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(fullyQualifiedName, lines);
  }

  /** Compiles source files from disk into a new temporary directory. */
  static Result compileFiles(Path... files) {
    return compile(sourceFiles(files));
  }

  /** Compiles one source file from disk with extra javac options (such as {@code -A...}). */
  static Result compileFile(Path file, List<String> options) {
    try {
      return compile(Files.createTempDirectory("bpf4j-test"), sourceFiles(file), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Source files from disk, as javac's file objects. */
  static List<JavaFileObject> sourceFiles(Path... files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<JavaFileObject> units = new ArrayList<>();
      fm.getJavaFileObjects(files).forEach(units::add);
      return units;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles {@code sources} with the processor into a new temporary directory. */
  static Result compile(List<? extends JavaFileObject> sources) {
    try {
      return compile(Files.createTempDirectory("bpf4j-test"), sources);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles {@code sources} with the processor into {@code classOutput}. */
  static Result compile(Path classOutput, List<? extends JavaFileObject> sources) {
    return compile(classOutput, sources, List.of());
  }

  /** Compiles {@code sources} with the processor and extra javac {@code options}. */
  static Result compile(
      Path classOutput, List<? extends JavaFileObject> sources, List<String> options) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      Files.createDirectories(classOutput);
      fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classOutput.toFile()));
      fm.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(classOutput.toFile()));
      fm.setLocation(StandardLocation.CLASS_PATH, classpath());
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task =
          javac.getTask(out, fm, diagnostics, javacOptions(options), null, sources);
      task.setProcessors(List.of(new BpfProcessor()));
      task.setLocale(Locale.ROOT);
      boolean ok = task.call();
      return new Result(ok, List.copyOf(diagnostics.getDiagnostics()), classOutput);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> javacOptions(List<String> extra) {
    List<String> all = new ArrayList<>(List.of("--release", "17"));
    all.addAll(extra);
    return all;
  }

  /** bpf-annotations (found from one of its classes) and the test classpath. */
  static List<File> classpath() {
    Set<File> out = new LinkedHashSet<>();
    try {
      out.add(new File(BpfMap.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | NullPointerException e) {
      // Fall back to the classpath alone.
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        out.add(new File(entry));
      }
    }
    return List.copyOf(out);
  }

  /** Diagnostics as javac prints them, one per line: {@code File.java:12: error: text}. */
  static String format(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream()
        .map(
            d ->
                (d.getSource() == null ? "<none>" : fileName(d.getSource()))
                    + ":"
                    + d.getLineNumber()
                    + ": "
                    + d.getKind().toString().toLowerCase(Locale.ROOT)
                    + ": "
                    + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  /** The simple file name of a source, {@code Foo.java}. */
  static String fileName(JavaFileObject source) {
    String name = source.toUri().getPath();
    if (name == null) {
      name = source.getName();
    }
    return name.substring(name.lastIndexOf('/') + 1);
  }
}
