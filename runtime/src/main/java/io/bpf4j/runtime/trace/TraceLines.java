package io.bpf4j.runtime.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines read from a channel that blocks until the kernel writes (the trace pipe), on a daemon
 * thread, so that a reader can wait for the next line with a timeout.
 */
public final class TraceLines implements AutoCloseable {
  /** Queued after the last line; never equal to a line that was read. */
  private static final String EOF = new String("\u0000eof");

  private final ReadableByteChannel channel;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  /** Starts reading {@code channel} on a thread named {@code threadName}. */
  public TraceLines(ReadableByteChannel channel, String threadName) {
    this.channel = channel;
    this.reader = new Thread(this::pump, threadName);
    reader.setDaemon(true);
    reader.start();
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

  /** The next line, waiting at most {@code timeout}; null when none came or the channel ended. */
  public String next(Duration timeout) {
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
