package io.bpf4j.benchmarks;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The system javac, in this process ({@code javax.tools}), as integration-tests' {@code Corpus}
 * runs it: {@code --release 17}, bpf-annotations as the only class path entry.
 */
final class Javac {
  private Javac() {}

  static JavaCompiler compiler() {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("the running Java has no system javac (a JRE?)");
    }
    return compiler;
  }

  /**
   * Compiles {@code sources} into {@code out} with {@code processorPath} as the annotation
   * processor path (javac loads the processors from it with a class loader of its own, as in a
   * build), or, when {@code processors} is not null, with those processor instances instead. Throws
   * with javac's diagnostics on any error.
   */
  static void compile(List<Path> sources, Path out, Path processorPath, List<Processor> processors)
      throws IOException {
    Files.createDirectories(out);
    List<String> options = new ArrayList<>();
    options.add("--release");
    options.add("17");
    if (processors == null) {
      options.add("-processorpath");
      options.add(processorPath.toString());
    }
    options.add("-cp");
    options.add(SourceTree.annotationsClassPath());
    options.add("-d");
    options.add(out.toString());
    options.add("-Xlint:none");
    JavaCompiler compiler = compiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter javacOutput = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              javacOutput,
              files,
              diagnostics,
              options,
              null,
              files.getJavaFileObjectsFromPaths(sources));
      if (processors != null) {
        task.setProcessors(processors);
      }
      ok = task.call();
    }
    if (!ok
        || diagnostics.getDiagnostics().stream()
            .anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
      StringBuilder sb = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        sb.append(d.getSource() == null ? "" : Path.of(d.getSource().getName()).getFileName())
            .append(':')
            .append(d.getLineNumber())
            .append(": ")
            .append(d.getMessage(Locale.ROOT))
            .append('\n');
      }
      throw new IllegalStateException(
          "javac did not compile " + sources.size() + " sources:\n" + sb + javacOutput);
    }
  }
}
