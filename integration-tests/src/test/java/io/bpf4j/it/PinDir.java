package io.bpf4j.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fresh directory under bpffs, {@code /sys/fs/bpf/bpf4j-it-<pid>-<n>}, removed with everything
 * pinned in it on {@link #close()}; use it in try-with-resources so that failures clean up too.
 */
public final class PinDir implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Path path;

  private PinDir(Path path) {
    this.path = path;
  }

  /** Creates the directory; requires root and a mounted bpffs (see {@link KernelAssumptions}). */
  public static PinDir create() {
    KernelAssumptions.requireBpffs();
    Path path =
        KernelAssumptions.BPFFS.resolve(
            "bpf4j-it-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    try {
      Files.createDirectory(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create pin directory " + path, e);
    }
    return new PinDir(path);
  }

  public Path path() {
    return path;
  }

  public Path resolve(String name) {
    return path.resolve(name);
  }

  /** Unpins everything below the directory and removes it. */
  @Override
  public void close() {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove pin directory " + path, e);
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
