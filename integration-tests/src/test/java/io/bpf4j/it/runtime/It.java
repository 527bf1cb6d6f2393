package io.bpf4j.it.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * This package's door to the shared helpers of {@code io.bpf4j.it} ({@code KernelAssumptions},
 * {@code Tools}, {@code PinDir}, {@code ExampleObjects}). Those classes are package-private and
 * belong to another package, so they are reached by reflection here rather than copied: the policy
 * "with {@code CI=true} a missing kernel feature, root or tool fails the test, elsewhere it skips
 * it" stays in exactly one place.
 */
final class It {
  private It() {}

  private static final String PKG = "io.bpf4j.it.";

  /** Where tracefs is expected; {@link io.bpf4j.runtime.TracePipe} also looks under debugfs. */
  static final List<Path> TRACE_PIPES =
      List.of(
          Path.of("/sys/kernel/tracing/trace_pipe"),
          Path.of("/sys/kernel/debug/tracing/trace_pipe"));

  // ---- KernelAssumptions ----

  /** Fails (CI) or skips (elsewhere) the current test unless {@code condition} holds. */
  static void require(boolean condition, String reason) {
    call(
        "KernelAssumptions",
        "require",
        new Class<?>[] {boolean.class, String.class},
        null,
        condition,
        reason);
  }

  static boolean isCi() {
    return (Boolean) call("KernelAssumptions", "isCi", new Class<?>[0], null);
  }

  static void requireRoot() {
    call("KernelAssumptions", "requireRoot", new Class<?>[0], null);
  }

  /** bpffs at /sys/fs/bpf and root. */
  static void requireBpffs() {
    call("KernelAssumptions", "requireBpffs", new Class<?>[0], null);
  }

  /** The absolute path of executable {@code name}. */
  static Path requireTool(String name) {
    return (Path)
        call("KernelAssumptions", "requireTool", new Class<?>[] {String.class}, null, name);
  }

  /** tracefs must be mounted (for the trace pipe where {@code Bpf.printk} lines appear). */
  static void requireTracefs() {
    requireRoot();
    boolean present = TRACE_PIPES.stream().anyMatch(Files::exists);
    require(
        present,
        "tracefs is not mounted, so there is no trace_pipe to read Bpf.printk lines from; mount it"
            + " with: mount -t tracefs nodev /sys/kernel/tracing");
  }

  // ---- PinDir ----

  /** A fresh directory under bpffs, removed with everything pinned in it on close. */
  static Pins pinDir() {
    Object dir = call("PinDir", "create", new Class<?>[0], null);
    return new Pins((AutoCloseable) dir, (Path) call("PinDir", "path", new Class<?>[0], dir));
  }

  /** A {@code PinDir} seen from this package. */
  static final class Pins implements AutoCloseable {
    private final AutoCloseable dir;
    private final Path path;

    private Pins(AutoCloseable dir, Path path) {
      this.dir = dir;
      this.path = path;
    }

    Path path() {
      return path;
    }

    Path resolve(String name) {
      return path.resolve(name);
    }

    @Override
    public void close() {
      try {
        dir.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }

  // ---- Tools ----

  /** The outcome of a command run by {@code Tools.run}. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    String describe() {
      return "command: "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr
          + "\n--------------";
    }

    Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("command failed\n" + describe());
      }
      return this;
    }
  }

  /**
   * Runs a command with {@code Tools.run}: elements are turned into strings, a timeout fails the
   * test with the output so far.
   */
  @SuppressWarnings("unchecked")
  static Result run(Duration timeout, Object... command) {
    Object r =
        call(
            "Tools",
            "run",
            new Class<?>[] {Duration.class, Object[].class},
            null,
            timeout,
            command);
    return new Result(
        (List<String>) call(r, "command"),
        (Integer) call(r, "exitCode"),
        (String) call(r, "stdout"),
        (String) call(r, "stderr"));
  }

  static Result run(Object... command) {
    return run(Duration.ofSeconds(60), command);
  }

  // ---- ExampleObjects ----

  static final String BANDWIDTH_MONITOR = "BandwidthMonitor.bpf.o";
  static final String TAILCALL_PROGRAM = "TailcallProgram.bpf.o";

  /** The bytes of an object the processor wrote for the examples module. */
  static byte[] exampleObject(String objectName) {
    return (byte[])
        call("ExampleObjects", "bytes", new Class<?>[] {String.class}, null, objectName);
  }

  // ---- reflection ----

  private static Object call(Object target, String method) {
    try {
      Method m = target.getClass().getDeclaredMethod(method);
      m.setAccessible(true);
      return m.invoke(target);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("io.bpf4j.it helper changed: " + e, e);
    }
  }

  private static Object call(
      String className, String method, Class<?>[] types, Object target, Object... args) {
    try {
      Class<?> type = Class.forName(PKG + className);
      Method m = type.getDeclaredMethod(method, types);
      m.setAccessible(true);
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "io.bpf4j.it." + className + "." + method + " is not as this package expects: " + e, e);
    }
  }

  /** Lets assertion failures and aborted assumptions out unchanged. */
  private static RuntimeException rethrow(InvocationTargetException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException(cause);
  }
}
