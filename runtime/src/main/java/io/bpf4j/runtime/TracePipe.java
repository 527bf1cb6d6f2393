package io.bpf4j.runtime;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.trace.TraceLines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's trace pipe, where {@code Bpf.printk} lines appear. Reading consumes lines: two
 * readers see different lines. Needs tracefs, mounted with {@code mount -t tracefs nodev
 * /sys/kernel/tracing}.
 */
public final class TracePipe implements AutoCloseable {
  private static final Path[] LOCATIONS = {
    Path.of("/sys/kernel/tracing/trace_pipe"), Path.of("/sys/kernel/debug/tracing/trace_pipe")
  };

  private final TraceLines lines;

  private TracePipe(TraceLines lines) {
    this.lines = lines;
  }

  /**
   * Opens the trace pipe. Fails with a message that tells "not mounted" (mount tracefs) from "not
   * allowed" (tracefs is mode 0700 by default: root only).
   */
  public static TracePipe open() {
    return open(List.of(LOCATIONS));
  }

  static TracePipe open(List<Path> locations) {
    List<Path> denied = new ArrayList<>();
    for (Path p : locations) {
      try {
        Files.readAttributes(p, BasicFileAttributes.class);
      } catch (AccessDeniedException e) {
        denied.add(p);
        continue;
      } catch (IOException e) {
        continue; // not there: try the next place
      }
      try {
        return new TracePipe(
            new TraceLines(FileChannel.open(p, StandardOpenOption.READ), "bpf4j-trace-pipe"));
      } catch (AccessDeniedException e) {
        denied.add(p);
      } catch (IOException e) {
        throw new BpfException(0, "cannot open " + p + ": " + e.getMessage(), e);
      }
    }
    if (!denied.isEmpty()) {
      throw new BpfException(
          Errno.EACCES,
          "cannot open "
              + denied.get(0)
              + ": permission denied. tracefs is mounted, but its directory and trace_pipe are"
              + " for root only (mode 0700 and 0440 by default); run as root, or let this user in"
              + " (mount -o remount,mode=0750,gid=<group> /sys/kernel/tracing and put the user in"
              + " that group)");
    }
    throw new BpfException(
        0,
        "tracefs is not mounted, so there is no trace_pipe; mount it with:"
            + " mount -t tracefs nodev /sys/kernel/tracing");
  }

  /** The next line, waiting at most {@code timeout}; null when none came or the pipe closed. */
  public String readLine(Duration timeout) {
    return lines.next(timeout);
  }

  @Override
  public void close() {
    lines.close();
  }
}
