package io.bpf4j.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's trace pipe, where {@code Bpf.printk} lines appear. Reading consumes lines: two
 * readers see different lines. Needs tracefs, mounted with {@code mount -t tracefs nodev
 * /sys/kernel/tracing}.
 */
public final class TracePipe implements AutoCloseable {
  private static final Path[] LOCATIONS = {
    Path.of("/sys/kernel/tracing/trace_pipe"), Path.of("/sys/kernel/debug/tracing/trace_pipe")
  };
  private static final String EOF = "\u0000eof";

  private final FileChannel channel;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  private TracePipe(FileChannel channel) {
    this.channel = channel;
    this.reader = new Thread(this::pump, "bpf4j-trace-pipe");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens the trace pipe. */
  public static TracePipe open() {
    for (Path p : LOCATIONS) {
      if (Files.exists(p)) {
        try {
          return new TracePipe(FileChannel.open(p, StandardOpenOption.READ));
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

  private void pump() {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    StringBuilder line = new StringBuilder();
    try {
      while (channel.read(buf) >= 0) {
        buf.flip();
        String chunk = StandardCharsets.UTF_8.decode(buf).toString();
        buf.clear();
        for (char c : chunk.toCharArray()) {
          if (c == '\n') {
            lines.add(line.toString());
            line.setLength(0);
          } else {
            line.append(c);
          }
        }
      }
    } catch (IOException e) {
      // Closed: the reader stops.
    } finally {
      lines.add(EOF);
    }
  }

  /** The next line, waiting at most {@code timeout}; null when none came or the pipe closed. */
  public String readLine(Duration timeout) {
    try {
      String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (line == EOF) {
        lines.add(EOF);
        return null;
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
    reader.interrupt();
  }
}
