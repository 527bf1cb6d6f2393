package io.bpf4j.benchmarks;

import io.bpf4j.annotations.Section;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The repository the benchmarks read their inputs from (the suite's Java and C sources, the shaded
 * processor jar), and the few file and process chores they share.
 */
final class SourceTree {
  /** integration-tests' resources: corpus/ (Java programs). */
  static final String RESOURCES = "integration-tests/src/test/resources";

  /** The C fixtures: c/ (the C versions of the corpus programs), shared by every module's tests. */
  static final String C_FIXTURES = "test-programs/src/main/resources";

  private final Path root;

  private SourceTree(Path root) {
    this.root = root;
  }

  /** The repository root: -Dbpf4j.root, else the working directory or one of its parents. */
  static SourceTree find() {
    String prop = System.getProperty("bpf4j.root");
    Path dir = Path.of(prop != null ? prop : System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(RESOURCES))) {
        return new SourceTree(p);
      }
    }
    throw new IllegalStateException(
        "cannot find " + RESOURCES + " above " + dir + "; run from the repository root");
  }

  /** A file under {@value #RESOURCES}. */
  Path resource(String relative) {
    return root.resolve(RESOURCES).resolve(relative);
  }

  /** A file under {@value #C_FIXTURES}, such as {@code c/bpf_defs.h}. */
  Path cFixture(String relative) {
    return root.resolve(C_FIXTURES).resolve(relative);
  }

  /** The shaded processor jar, {@code processor/target/processor-<version>.jar}. */
  Path processorJar() throws IOException {
    Path target = root.resolve("processor/target");
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "processor-*.jar")) {
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        if (!name.endsWith("-sources.jar")
            && !name.endsWith("-javadoc.jar")
            && !name.endsWith("-tests.jar")) {
          found.add(jar);
        }
      }
    }
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected one processor jar in " + target + ", found " + found);
    }
    return found.get(0);
  }

  /** Where bpf-annotations is on this class path (a jar, or target/classes). */
  static String annotationsClassPath() {
    try {
      return Path.of(Section.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command, returning its output; fails with the output on a non-zero exit. */
  static String run(Path dir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
