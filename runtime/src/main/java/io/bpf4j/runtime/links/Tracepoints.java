package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Tracepoint attachments: a {@code PERF_TYPE_TRACEPOINT} perf event whose config is the event's id
 * in tracefs ({@code events/<category>/<event>/id}), on all processes (pid -1, CPU 0: the program
 * runs wherever the tracepoint fires), carrying the program.
 */
public final class Tracepoints {
  static final int PERF_TYPE_TRACEPOINT = 2;

  /** Where tracefs is mounted, newest first (libbpf looks in the same places). */
  static final List<Path> TRACEFS =
      List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

  private Tracepoints() {}

  public static Attachment attach(
      Kernel kernel, Fd program, String programName, String category, String event) {
    long id = id(kernel, category, event);
    String description = "tracepoint " + category + "/" + event;
    Fd perfEvent;
    try {
      perfEvent =
          kernel.perfEventOpen(
              new Kernel.PerfEventAttr(PERF_TYPE_TRACEPOINT, id, 0, 0, 0, 0, null, 0, 0),
              -1,
              0,
              null);
    } catch (SyscallException e) {
      throw Errors.of(e, "opening a perf event on " + description);
    }
    return PerfEventLinks.attach(kernel, program, perfEvent, programName, description);
  }

  /** The id tracefs gives {@code category/event}. */
  static long id(Kernel kernel, String category, String event) {
    if (category.contains("..") || event.contains("..") || event.contains("/")) {
      throw new BpfException(0, "not a tracepoint name: " + category + "/" + event);
    }
    boolean anyTracefs = false;
    for (Path root : TRACEFS) {
      Path file = root.resolve("events").resolve(category).resolve(event).resolve("id");
      try {
        String text = new String(kernel.readKernelFile(file), StandardCharsets.US_ASCII).trim();
        return Long.parseLong(text);
      } catch (SyscallException e) {
        if (e.errno() != Errno.ENOENT) {
          throw Errors.of(e, "reading " + file);
        }
        anyTracefs |= kernel.fileSystemType(root).equals("tracefs") || hasEvents(kernel, root);
      } catch (NumberFormatException e) {
        throw new BpfException(0, file + " does not hold a tracepoint id", e);
      }
    }
    if (!anyTracefs) {
      throw new BpfException(
          Errno.ENOENT,
          "cannot find tracepoint "
              + category
              + "/"
              + event
              + ": tracefs is not mounted; mount it with: mount -t tracefs nodev /sys/kernel/tracing");
    }
    throw new BpfException(
        Errno.ENOENT,
        "the kernel has no tracepoint "
            + category
            + "/"
            + event
            + "; list them with: ls /sys/kernel/tracing/events/"
            + category);
  }

  private static boolean hasEvents(Kernel kernel, Path root) {
    try {
      kernel.readKernelFile(root.resolve("events/header_page"));
      return true;
    } catch (SyscallException e) {
      return false;
    }
  }
}
