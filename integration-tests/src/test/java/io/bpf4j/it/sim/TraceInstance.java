package io.bpf4j.it.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracefs instance of our own with the {@code bpf_trace_printk} event enabled: it records every
 * printk line while it exists, and no reader of the global trace_pipe (another test, another
 * engineer's run) can take lines from it.
 */
final class TraceInstance implements AutoCloseable {
  private static final Path INSTANCES = Path.of("/sys/kernel/tracing/instances");

  /** {@code <comm>-<pid> [cpu] ... bpf_trace_printk: <text>}. */
  private static final Pattern LINE =
      Pattern.compile("-(\\d+)\\s+\\[\\d+\\].*?bpf_trace_printk: (.*)$");

  private final Path dir;

  private TraceInstance(Path dir) {
    this.dir = dir;
  }

  /** An instance recording only what thread {@code tid} prints, so others cannot crowd it out. */
  static TraceInstance create(String name, int tid) {
    Path dir = INSTANCES.resolve(name + "-" + ProcessHandle.current().pid());
    try {
      if (Files.exists(dir)) {
        Files.delete(dir);
      }
      Files.createDirectory(dir);
      Path event = dir.resolve("events/bpf_trace/bpf_trace_printk");
      Files.writeString(event.resolve("filter"), "common_pid == " + tid);
      Files.writeString(event.resolve("enable"), "1");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the tracefs instance " + dir, e);
    }
    return new TraceInstance(dir);
  }

  /** The printk lines that thread {@code tid} printed, oldest first, without their newline. */
  List<String> printkLines(int tid) {
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("trace"))) {
        Matcher m = LINE.matcher(line);
        if (!line.startsWith("#") && m.find() && Integer.parseInt(m.group(1)) == tid) {
          out.add(m.group(2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Forgets what was recorded so far. */
  void clear() {
    try {
      Files.writeString(dir.resolve("trace"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      Files.writeString(dir.resolve("events/bpf_trace/bpf_trace_printk/enable"), "0");
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the tracefs instance " + dir, e);
    }
  }
}
