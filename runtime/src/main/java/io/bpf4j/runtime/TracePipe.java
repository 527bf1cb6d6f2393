package io.bpf4j.runtime;

import io.bpf4j.runtime.trace.TraceLines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

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

  /** Opens the trace pipe. */
  public static TracePipe open() {
    for (Path p : LOCATIONS) {
      if (Files.exists(p)) {
        try {
          return new TracePipe(
              new TraceLines(FileChannel.open(p, StandardOpenOption.READ), "bpf4j-trace-pipe"));
        } catch (IOException e) {
          throw new BpfException(
              0,
              "cannot open " + p + ": " + e.getMessage() + "; reading the trace pipe needs root",
              e);
        }
      }
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
