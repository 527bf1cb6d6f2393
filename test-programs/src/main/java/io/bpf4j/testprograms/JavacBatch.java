package io.bpf4j.testprograms;

import io.bpf4j.annotations.Section;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles many generated program classes in one in-process javac run with a bpf4j processor (a
 * fresh instance per run, from the caller: the processor's test classes, or its shaded jar). javac
 * writes nothing when any file has errors, so the files with errors are set aside and the rest is
 * compiled again: one bad class costs one more run, not a run per class.
 */
public final class JavacBatch {
  private final Supplier<Processor> processor;
  private final List<String> options;

  /**
   * @param processor a new processor for each javac run
   * @param options more javac options, such as {@code -Abpf4j.inline=false}
   */
  public JavacBatch(Supplier<Processor> processor, List<String> options) {
    this.processor = processor;
    this.options = List.copyOf(options);
  }

  /** A source file to compile: binary name and text. */
  public record Source(String binaryName, String text) {}

  /**
   * What one javac run made: the class directory (with each {@code .bpf.o} beside its class), a
   * class loader over it, and javac's complaints by binary name for sources that did not compile.
   */
  public record Output(
      Path classes,
      ClassLoader loader,
      Map<String, String> failures,
      List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    /** Where the processor wrote the object of class {@code binaryName}. */
    public Path object(String binaryName) {
      return classes.resolve(binaryName.replace('.', '/') + ".bpf.o");
    }

    public Class<?> load(String binaryName) {
      try {
        return loader.loadClass(binaryName);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("javac wrote no class " + binaryName + " in " + classes, e);
      }
    }
  }

  /**
   * Compiles {@code sources} into {@code dir/classes} (sources kept in {@code dir/src}). When some
   * sources have errors, javac writes nothing, so they are reported and the rest compiled again.
   */
  public Output compile(List<Source> sources, Path dir) {
    Map<String, String> failures = new LinkedHashMap<>();
    List<Diagnostic<? extends JavaFileObject>> diagnostics = new ArrayList<>();
    List<Source> remaining = new ArrayList<>(sources);
    while (true) {
      Map<String, String> errors = javac(remaining, dir, diagnostics);
      if (errors.isEmpty()) {
        break;
      }
      failures.putAll(errors);
      remaining.removeIf(s -> errors.containsKey(s.binaryName()));
      if (remaining.isEmpty()) {
        break;
      }
    }
    Path classes = dir.resolve("classes");
    try {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, JavacBatch.class.getClassLoader());
      return new Output(classes, loader, failures, diagnostics);
    } catch (MalformedURLException e) {
      throw new AssertionError(e);
    }
  }

  private Map<String, String> javac(
      List<Source> sources, Path dir, List<Diagnostic<? extends JavaFileObject>> all) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("the running Java has no system javac (a JRE?)");
    }
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    deleteRecursively(dir);
    Map<Path, String> byFile = new LinkedHashMap<>();
    try {
      Files.createDirectories(classes);
      for (Source s : sources) {
        Path file = src.resolve(s.binaryName().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, s.text());
        byFile.put(file.toAbsolutePath(), s.binaryName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> options = new ArrayList<>();
    options.addAll(
        List.of(
            "--release",
            "17",
            "-implicit:none",
            "-cp",
            annotationsClassPath(),
            "-d",
            classes.toString(),
            "-Xlint:none",
            "-nowarn"));
    options.addAll(this.options);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter javacOutput = new StringWriter();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              javacOutput,
              files,
              diagnostics,
              options,
              null,
              files.getJavaFileObjectsFromPaths(byFile.keySet()));
      task.setProcessors(List.of(processor.get()));
      task.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    all.addAll(diagnostics.getDiagnostics());
    Map<String, String> errors = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String name =
          d.getSource() == null
              ? null
              : byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath());
      String text =
          (d.getSource() == null ? "" : Path.of(d.getSource().getName()).getFileName() + ":")
              + d.getLineNumber()
              + ": error: "
              + d.getMessage(Locale.ROOT)
              + "\n";
      if (name == null) {
        // An error of no one file: nothing compiled, and no file to blame.
        for (String n : byFile.values()) {
          errors.merge(n, text + javacOutput, String::concat);
        }
      } else {
        errors.merge(name, text, String::concat);
      }
    }
    if (!errors.isEmpty()) {
      // javac generates nothing when any file has errors: the others are compiled again.
      return errors;
    }
    for (String name : byFile.values()) {
      if (!errors.containsKey(name)
          && !Files.isRegularFile(classes.resolve(name.replace('.', '/') + ".bpf.o"))) {
        errors.put(
            name, "javac reported no error but the processor wrote no object\n" + javacOutput);
      }
    }
    return errors;
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

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void deleteRecursively(Path dir) {
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
