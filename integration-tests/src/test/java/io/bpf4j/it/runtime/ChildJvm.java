package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.Tools;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a second JVM on this test's class path, running the {@code main} of a test class, and
 * waits for it with a timeout. Child mains report with lines {@code key=value} on stdout, which
 * {@link Result#values()} collects.
 */
final class ChildJvm {
  private ChildJvm() {}

  static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** What the child did: exit code, output, and its {@code key=value} lines. */
  record Result(Tools.Result process) {
    int exitCode() {
      return process.exitCode();
    }

    String stdout() {
      return process.stdout();
    }

    String describe() {
      return process.describe();
    }

    Result assertSuccess() {
      if (process.exitCode() != 0) {
        fail("child JVM failed\n" + describe());
      }
      return this;
    }

    /** The {@code key=value} lines of stdout. */
    Map<String, String> values() {
      Map<String, String> out = new LinkedHashMap<>();
      for (String line : process.stdout().split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).matches("[A-Za-z][A-Za-z0-9_.]*")) {
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return out;
    }

    /** The value reported for {@code key}; fails when the child did not report it. */
    String value(String key) {
      String v = values().get(key);
      if (v == null) {
        fail("the child JVM reported no " + key + "\n" + describe());
      }
      return v;
    }

    long longValue(String key) {
      return Long.parseLong(value(key));
    }
  }

  /** Runs {@code main} with {@code args} in a new JVM on this test's class path. */
  static Result run(Class<?> main, String... args) {
    return run(List.of(), classPath(), main, args);
  }

  /**
   * Runs {@code prefix... java -cp classPath main args...}; the prefix is a command that wraps the
   * JVM (e.g. {@code nsenter --net=...} or {@code setpriv ...}).
   */
  static Result run(List<String> prefix, String classPath, Class<?> main, String... args) {
    List<Object> command = new ArrayList<>(prefix);
    command.add(javaBinary());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    command.addAll(List.of(args));
    return new Result(Tools.run(TIMEOUT, command.toArray()));
  }

  /** The java launcher of this JVM. */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This JVM's class path: test classes, the examples jar, the runtime and its dependencies.
   * Surefire runs the tests through a manifest-only booter jar but sets {@code java.class.path} to
   * the real entries, so these are plain directories and jars.
   */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** The entries of {@link #classPath()}. */
  static List<Path> classPathEntries() {
    List<Path> out = new ArrayList<>();
    for (String entry : classPath().split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        out.add(Path.of(entry));
      }
    }
    return out;
  }
}
