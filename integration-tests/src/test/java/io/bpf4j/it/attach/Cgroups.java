package io.bpf4j.it.attach;

import io.bpf4j.it.KernelAssumptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test cgroups in the cgroup v2 hierarchy, wherever it is mounted (hybrid systems: unified/). */
final class Cgroups {
  private Cgroups() {}

  /** The cgroup2 mount point. */
  static Path root() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals("cgroup2")) {
          return Path.of(f[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KernelAssumptions.require(false, "no cgroup2 file system is mounted");
    return null;
  }

  static Path create(String name) {
    Path dir = root().resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Removes an (empty: its processes ended) cgroup; its processes may take a moment to leave. */
  static void remove(Path dir) {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
