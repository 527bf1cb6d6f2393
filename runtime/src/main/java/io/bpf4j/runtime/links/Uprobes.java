package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Uprobe attachments through the {@code uprobe} perf PMU (4.17+), as libbpf makes them: a perf
 * event of the PMU's type (sysfs {@code devices/uprobe/type}), config1 the binary's path, config2
 * the function's file offset, and for a return probe the bit that {@code format/retprobe} names
 * ({@code config:0}), on all processes; then the program is put on it like on a tracepoint.
 */
public final class Uprobes {
  static final Path PMU = Path.of("/sys/bus/event_source/devices/uprobe");

  /** Where a library named without a directory ({@code libc.so.6}) is looked for. */
  static final List<String> LIBRARY_DIRS =
      List.of(
          "/lib/x86_64-linux-gnu",
          "/usr/lib/x86_64-linux-gnu",
          "/lib/aarch64-linux-gnu",
          "/usr/lib/aarch64-linux-gnu",
          "/lib64",
          "/usr/lib64",
          "/lib",
          "/usr/lib");

  private Uprobes() {}

  /**
   * Attaches a uprobe (or with {@code ret}, a uretprobe) at {@code symbol+offset} of {@code
   * binary}.
   */
  public static Attachment attach(
      Kernel kernel,
      Fd program,
      String programName,
      String binary,
      String symbol,
      long offset,
      boolean ret) {
    Path path = resolve(binary);
    long fileOffset = ElfSymbolOffsets.offset(path, symbol) + offset;
    String description =
        (ret ? "uretprobe " : "uprobe ") + path + ":" + symbol + (offset == 0 ? "" : "+" + offset);
    int type = pmuType(kernel);
    long config = ret ? 1L << retprobeBit(kernel) : 0;
    Fd perfEvent;
    try {
      perfEvent =
          kernel.perfEventOpen(
              new Kernel.PerfEventAttr(type, config, 0, 0, 0, 0, path.toString(), 0, fileOffset),
              -1,
              0,
              null);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "opening a perf event for "
              + description
              + " (file offset 0x"
              + Long.toHexString(fileOffset)
              + ")",
          "the offset is not an instruction of " + path);
    }
    return PerfEventLinks.attach(kernel, program, perfEvent, programName, description);
  }

  /** An absolute or relative path as it is; a bare library name from the library directories. */
  static Path resolve(String binary) {
    if (binary.contains("/")) {
      Path p = Path.of(binary).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        throw new BpfException(Errno.ENOENT, "no file " + p + " to place a uprobe in");
      }
      return p;
    }
    for (String dir : LIBRARY_DIRS) {
      Path p = Path.of(dir, binary);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new BpfException(
        Errno.ENOENT,
        "cannot find " + binary + " in " + LIBRARY_DIRS + "; give the uprobe an absolute path");
  }

  static int pmuType(Kernel kernel) {
    return Integer.parseInt(sysfs(kernel, PMU.resolve("type")));
  }

  /** The config bit of a return probe: {@code format/retprobe} reads {@code config:0}. */
  static int retprobeBit(Kernel kernel) {
    String format = sysfs(kernel, PMU.resolve("format/retprobe"));
    if (!format.startsWith("config:")) {
      throw new BpfException(0, PMU.resolve("format/retprobe") + " says '" + format + "'");
    }
    return Integer.parseInt(format.substring("config:".length()));
  }

  private static String sysfs(Kernel kernel, Path file) {
    try {
      return new String(kernel.readKernelFile(file), StandardCharsets.US_ASCII).trim();
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new BpfException(
            e.errno(),
            "this kernel has no uprobe perf PMU ("
                + file
                + " is missing: CONFIG_UPROBE_EVENTS, kernel 4.17+)",
            e);
      }
      throw Errors.of(e, "reading " + file);
    }
  }
}
