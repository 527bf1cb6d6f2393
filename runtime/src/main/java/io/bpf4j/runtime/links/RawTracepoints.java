package io.bpf4j.runtime.links;

import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/** Raw tracepoint attachments: {@code BPF_RAW_TRACEPOINT_OPEN} (4.17+; a BPF link since 5.7). */
public final class RawTracepoints {
  private RawTracepoints() {}

  public static Attachment attach(Kernel kernel, Fd program, String programName, String event) {
    String description = "raw tracepoint " + event;
    try {
      return new LinkFdAttachment(kernel, description, kernel.rawTracepointOpen(program, event));
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "attaching " + programName + " to " + description,
          "the program is no raw tracepoint program, or the kernel has no tracepoint "
              + event
              + " (list them: ls /sys/kernel/tracing/events/*/)");
    }
  }
}
