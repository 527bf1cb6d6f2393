package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * Puts a program on a perf event (a tracepoint or a uprobe), as libbpf's {@code
 * bpf_program__attach_perf_event} does: a BPF link of type {@code BPF_PERF_EVENT} (5.15+), which
 * holds the perf event itself, so the event's own fd is closed; on kernels without perf links,
 * {@code PERF_EVENT_IOC_SET_BPF} and the perf event fd is the attachment.
 */
public final class PerfEventLinks {
  /** {@code _IOW('$', 8, __u32)}. */
  static final long PERF_EVENT_IOC_SET_BPF = 0x40042408L;

  /** {@code _IO('$', 0)}. */
  static final long PERF_EVENT_IOC_ENABLE = 0x2400L;

  private PerfEventLinks() {}

  /** Attaches {@code program} to {@code perfEvent}, which this call takes over. */
  public static Attachment attach(
      Kernel kernel, Fd program, Fd perfEvent, String programName, String description) {
    String what = "attaching " + programName + " to " + description;
    try {
      Fd link;
      try {
        link = kernel.linkCreate(program, perfEvent, AttachType.PERF_EVENT.kernelId(), 0);
      } catch (SyscallException e) {
        if (e.errno() != Errno.EINVAL && e.errno() != Errno.EOPNOTSUPP) {
          throw Errors.of(e, what);
        }
        return attachWithIoctl(kernel, program, perfEvent, what, description);
      }
      enable(kernel, perfEvent, what, link);
      perfEvent.close();
      return new LinkFdAttachment(kernel, description, link);
    } catch (RuntimeException e) {
      perfEvent.close();
      throw e;
    }
  }

  private static Attachment attachWithIoctl(
      Kernel kernel, Fd program, Fd perfEvent, String what, String description) {
    int fd = program.acquire();
    try {
      kernel.ioctl(perfEvent, PERF_EVENT_IOC_SET_BPF, fd);
    } catch (SyscallException e) {
      throw Errors.of(
          e, what, "the program's type does not fit the event (a tracepoint program on a uprobe?)");
    } finally {
      program.release();
    }
    enable(kernel, perfEvent, what, null);
    return new PerfEventAttachment(description, perfEvent);
  }

  /** The event was opened enabled; libbpf enables it again, which costs nothing, and so do we. */
  private static void enable(Kernel kernel, Fd perfEvent, String what, Fd link) {
    try {
      kernel.ioctl(perfEvent, PERF_EVENT_IOC_ENABLE, 0);
    } catch (SyscallException e) {
      if (link != null) {
        link.close();
      }
      throw Errors.of(e, what + " (enabling the perf event)");
    }
  }
}
