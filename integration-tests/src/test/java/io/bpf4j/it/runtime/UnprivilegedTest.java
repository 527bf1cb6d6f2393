package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Without privileges, loading fails with a {@link BpfException} that says how to get them: run as
 * root or grant CAP_BPF. The child JVM runs as {@code nobody} with no capabilities at all (setpriv
 * clears the inheritable set and, switching from uid 0, the kernel drops the permitted and
 * effective sets). Whatever {@code kernel.unprivileged_bpf_disabled} says (0, 1 or 2), the first
 * bpf(2) call fails with EPERM and the message must say what to do.
 *
 * <p>{@code nobody} cannot read the test class path where Maven keeps it (under {@code /root}), so
 * the class path is copied into a world-readable temporary directory first.
 */
class UnprivilegedTest {
  static final String NOBODY = "65534";

  @Test
  void loadingWithoutPrivilegesSaysToRunAsRootOrGrantCapBpf() throws IOException {
    KernelAssumptions.requireRoot();
    Path setpriv = KernelAssumptions.requireTool("setpriv");
    Path copy = Files.createTempDirectory("bpf4j-it-unprivileged-");
    try {
      String classPath = readableCopy(copy);
      ChildJvm.Result child =
          ChildJvm.run(
                  List.of(
                      setpriv.toString(),
                      "--reuid=" + NOBODY,
                      "--regid=" + NOBODY,
                      "--clear-groups",
                      "--inh-caps=-all"),
                  classPath,
                  UnprivilegedLoad.class)
              .assertSuccess();
      System.out.printf(
          "[bpf4j-it] unprivileged_bpf_disabled=%s; child uid %s, CapEff %s: %s %s (errno %s)%n",
          Files.readString(Path.of("/proc/sys/kernel/unprivileged_bpf_disabled")).strip(),
          child.value("uid"),
          child.value("capeff"),
          child.values().get("class"),
          child.values().get("message"),
          child.values().get("errno"));
      assertTrue(child.value("uid").startsWith(NOBODY + " "), child.describe());
      assertEquals("0000000000000000", child.value("capeff"), child.describe());
      assertEquals("exception", child.value("outcome"), child.describe());
      assertEquals(BpfException.class.getName(), child.value("class"), child.describe());
      String message = child.value("message");
      assertTrue(message.contains("CAP_BPF"), message);
      assertTrue(message.contains("run as root"), message);
      assertEquals("1", child.value("errno"), "EPERM\n" + child.describe());
    } finally {
      deleteTree(copy);
    }
  }

  /**
   * Copies every class-path entry (directory or jar) into {@code dir}, readable by everyone, and
   * returns the class path of the copies.
   */
  static String readableCopy(Path dir) throws IOException {
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (Path entry : ChildJvm.classPathEntries()) {
      if (!Files.exists(entry)) {
        continue;
      }
      Path target = dir.resolve((n++) + "-" + entry.getFileName());
      copyTree(entry, target);
      entries.add(target.toString());
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
