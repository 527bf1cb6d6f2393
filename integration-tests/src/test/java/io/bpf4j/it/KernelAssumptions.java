package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place that decides what happens when the environment lacks something a test needs (root,
 * bpffs, bpftool, LLVM, javac): with {@code CI=true} the test <em>fails</em>, because CI must run
 * every check; anywhere else it is skipped with the reason printed.
 */
public final class KernelAssumptions {
  private KernelAssumptions() {}

  /** Where bpffs is expected. */
  public static final Path BPFFS = Path.of("/sys/fs/bpf");

  /** Whether this run is CI, where nothing may be skipped. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails (CI) or skips (elsewhere) the current test unless {@code condition} holds. */
  public static void require(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if (isCi()) {
      fail("CI=true, so this test may not be skipped, but: " + reason);
    }
    System.out.println("[bpf4j-it] SKIPPED: " + reason);
    Assumptions.abort(reason);
  }

  /** The test must run with effective uid 0 (loading programs and pinning need it). */
  public static void requireRoot() {
    long euid = effectiveUid();
    require(
        euid == 0,
        "needs root (effective uid is "
            + euid
            + "): run the tests as root, e.g. sudo ./mvnw -o -pl integration-tests test");
  }

  /** bpffs must be mounted at {@link #BPFFS}; also requires root. */
  public static void requireBpffs() {
    requireRoot();
    boolean mounted = false;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[1].equals(BPFFS.toString()) && f[2].equals("bpf")) {
          mounted = true;
        }
      }
    } catch (IOException e) {
      require(false, "cannot read /proc/mounts: " + e);
    }
    require(mounted, "bpffs is not mounted at " + BPFFS + ": mount -t bpf bpf " + BPFFS);
  }

  /**
   * The absolute path of an executable found on {@code PATH} (plus {@code /usr/sbin} and {@code
   * /sbin}, where bpftool lives but which non-root PATHs often lack).
   */
  public static Path requireTool(String name) {
    Path found = findTool(name);
    require(found != null, name + " is not installed (looked in " + searchPath() + ")");
    return found;
  }

  /** javac of the running JDK if there is one, else javac on PATH. */
  public static Path requireJavac() {
    Path own = Path.of(System.getProperty("java.home"), "bin", "javac");
    if (Files.isExecutable(own)) {
      return own;
    }
    return requireTool("javac");
  }

  public static Path findTool(String name) {
    for (String dir : searchPath()) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<String> searchPath() {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          dirs.add(dir);
        }
      }
    }
    dirs.add("/usr/local/sbin");
    dirs.add("/usr/sbin");
    dirs.add("/sbin");
    return new ArrayList<>(dirs);
  }

  private static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      require(false, "cannot determine the effective uid from /proc/self/status: " + e);
    }
    return -1;
  }
}
