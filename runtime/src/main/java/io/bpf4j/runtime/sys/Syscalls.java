package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;
import java.lang.ref.Reference;

/**
 * The raw system calls under {@link LinuxKernel}: {@code bpf(2)} with a laid-out attribute union,
 * and the socket calls. A failure is a {@link SyscallException} carrying the errno.
 */
final class Syscalls {
  /** The number of {@code bpf(2)}, or -1 on an architecture the runtime does not know. */
  static final long BPF_SYSCALL = bpfSyscallNumber();

  private Syscalls() {}

  private static long bpfSyscallNumber() {
    String arch = System.getProperty("os.arch", "");
    return switch (arch) {
      case "amd64", "x86_64" -> 321;
      case "aarch64", "arm64" -> 280;
      default -> -1;
    };
  }

  /** {@code bpf(cmd, attr, size)}; returns the result (an fd for commands that create one). */
  static int bpf(BpfCommand cmd, Attr attr) throws SyscallException {
    attr.acquireFds();
    try {
      return bpfCall(cmd, attr);
    } finally {
      attr.releaseFds();
      // The attr and the buffers it points to must outlive the call: collecting them frees their
      // native memory, which the kernel may still be reading or writing.
      Reference.reachabilityFence(attr);
    }
  }

  private static int bpfCall(BpfCommand cmd, Attr attr) throws SyscallException {
    for (int attempt = 1; ; attempt++) {
      long r = Native.libc().syscall(BPF_SYSCALL, cmd.number(), attr.pointer(), attr.size());
      if (r >= 0) {
        return (int) r;
      }
      int errno = Native.errno();
      // Interrupted calls are retried; so is a program load the kernel asks to retry (EAGAIN),
      // a few times, as libbpf does.
      boolean retry =
          errno == Errno.EINTR
              || errno == Errno.EAGAIN && cmd == BpfCommand.PROG_LOAD && attempt < 5;
      if (!retry) {
        throw new SyscallException("bpf(" + cmd + ")", errno);
      }
    }
  }

  /** The number of {@code perf_event_open}, or -1 on an architecture the runtime does not know. */
  static final long PERF_EVENT_OPEN_SYSCALL = perfEventOpenNumber();

  private static long perfEventOpenNumber() {
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> 298;
      case "aarch64", "arm64" -> 241;
      default -> -1;
    };
  }

  static int perfEventOpen(Attr attr, int pid, int cpu, int groupFd, long flags)
      throws SyscallException {
    attr.acquireFds();
    try {
      while (true) {
        long r =
            Native.libc()
                .syscall(PERF_EVENT_OPEN_SYSCALL, attr.pointer(), pid, cpu, groupFd, flags);
        if (r >= 0) {
          return (int) r;
        }
        int errno = Native.errno();
        if (errno != Errno.EINTR) {
          throw new SyscallException("perf_event_open", errno);
        }
      }
    } finally {
      attr.releaseFds();
      Reference.reachabilityFence(attr);
    }
  }

  static void ioctl(int fd, long request, long arg) throws SyscallException {
    if (Native.libc().ioctl(fd, request, arg) < 0) {
      throw new SyscallException("ioctl", Native.errno());
    }
  }

  static int socket(int domain, int type, int protocol) throws SyscallException {
    int fd = Native.libc().socket(domain, type, protocol);
    if (fd < 0) {
      throw new SyscallException("socket", Native.errno());
    }
    return fd;
  }

  static void setsockopt(int fd, int level, int name, NativeBuffer value) throws SyscallException {
    try {
      if (Native.libc().setsockopt(fd, level, name, value.pointer(), value.size()) < 0) {
        throw new SyscallException("setsockopt", Native.errno());
      }
    } finally {
      Reference.reachabilityFence(value);
    }
  }

  static void bind(int fd, NativeBuffer address) throws SyscallException {
    try {
      if (Native.libc().bind(fd, address.pointer(), address.size()) < 0) {
        throw new SyscallException("bind", Native.errno());
      }
    } finally {
      Reference.reachabilityFence(address);
    }
  }
}
