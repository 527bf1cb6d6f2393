package io.bpf4j.examples.trace;

import io.bpf4j.examples.bandwidth.Cli;
import io.bpf4j.examples.trace.ExecSnoop.ExecEvent;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.RingBufReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads {@link ExecSnoop}, attaches it to its tracepoint and prints one line per exec on this
 * machine, like libbpf-tools' execsnoop: for SECONDS seconds (default 10), or until Ctrl-C.
 */
public final class ExecSnoopMain {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ExecSnoop [SECONDS]",
          "",
          "Prints one line per exec (pid, uid, command name, file) for SECONDS seconds",
          "(default 10), from a tracepoint/sched/sched_process_exec program and a ring buffer.");

  private ExecSnoopMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--help")) {
      System.out.println(USAGE);
      return;
    }
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    Cli.run(
        "ExecSnoop",
        () -> {
          try (BpfObject obj = BpfRuntime.load(ExecSnoop.class);
              RingBufReader<ExecEvent> events = obj.ringBuf("events", ExecEvent.class)) {
            obj.attachAll();
            System.out.printf("%-8s %-6s %-16s %s%n", "PID", "UID", "COMM", "FILE");
            System.out.flush();
            AtomicLong count = new AtomicLong();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
              events.poll(
                  Duration.ofMillis(100),
                  e -> {
                    count.incrementAndGet();
                    System.out.printf(
                        "%-8d %-6d %-16s %s%n", e.pid, e.uid, text(e.comm), text(e.filename));
                  });
              System.out.flush();
            }
            System.out.println(count.get() + " execs");
          }
        });
  }

  /** A NUL-terminated C string as Java text. */
  static String text(byte[] c) {
    int n = 0;
    while (n < c.length && c[n] != 0) {
      n++;
    }
    return new String(c, 0, n, StandardCharsets.UTF_8);
  }
}
