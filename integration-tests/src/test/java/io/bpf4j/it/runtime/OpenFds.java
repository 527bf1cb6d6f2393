package io.bpf4j.it.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The file descriptors of this process, from {@code /proc/self/fd}. */
public final class OpenFds {
  private OpenFds() {}

  private static final Path FDS = Path.of("/proc/self/fd");

  /** The number of open fds (not counting the one that lists them). */
  public static int count() {
    return list().size();
  }

  /**
   * The number of open fds once garbage that owns fds has had a chance to go: after a GC and a
   * short sleep for cleaners (the runtime closes explicitly, so this should change nothing).
   */
  static int settledCount() {
    System.gc();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return count();
  }

  /**
   * {@link #settledCount()} without sockets: loading an object opens none, while the test JVM
   * itself may open one at any moment (it did, now and then, in the middle of a long test).
   */
  static int settledCountWithoutSockets() {
    settledCount();
    return (int) list().values().stream().filter(t -> !t.startsWith("socket:")).count();
  }

  /** The open fds of BPF objects (maps, programs, BTF, links): what the loader creates. */
  public static long bpfCount() {
    return list().values().stream().filter(t -> t.startsWith("anon_inode:bpf")).count();
  }

  /** fd number to link target, for messages. */
  public static TreeMap<Integer, String> list() {
    TreeMap<Integer, String> out = new TreeMap<>();
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> s = Files.list(FDS)) {
      s.forEach(entries::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path p : entries) {
      String target;
      try {
        target = Files.readSymbolicLink(p).toString();
      } catch (IOException e) {
        continue; // the directory stream's own fd, closed by now
      }
      if (target.startsWith("/proc/") && target.endsWith("/fd")) {
        continue; // the directory stream listing /proc/self/fd, open only while listing
      }
      out.put(Integer.parseInt(p.getFileName().toString()), target);
    }
    return out;
  }
}
