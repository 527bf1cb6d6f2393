package io.bpf4j.runtime.sys;

import io.bpf4j.runtime.BpfException;

/**
 * The system calls of the runtime: {@code bpf(2)} and the socket calls to attach socket filters. A
 * failure becomes a {@link SyscallException} carrying the errno; callers turn it into a {@link
 * BpfException} that says what to do, because only they know which attribute was wrong.
 */
public final class Syscalls {
  private static final long BPF_SYSCALL = bpfSyscallNumber();

  private Syscalls() {}

  private static long bpfSyscallNumber() {
    String arch = System.getProperty("os.arch", "");
    return switch (arch) {
      case "amd64", "x86_64" -> 321;
      case "aarch64", "arm64" -> 280;
      default -> -1;
    };
  }

  /** A failed system call. */
  public static final class SyscallException extends Exception {
    private final int errno;

    SyscallException(String call, int errno) {
      super(call + " failed: " + Errno.name(errno));
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }
  }

  /** {@code bpf(cmd, attr, size)}; returns the result (an fd for commands that create one). */
  public static int bpf(BpfCommand cmd, Attr attr) throws SyscallException {
    if (BPF_SYSCALL < 0) {
      throw new BpfException(
          0, "bpf4j supports Linux on x86-64 and arm64, not " + System.getProperty("os.arch"));
    }
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

  /** {@code bpf(cmd)} that creates an fd, owned by the returned {@link Fd}. */
  public static Fd bpfFd(BpfCommand cmd, Attr attr) throws SyscallException {
    return new Fd(bpf(cmd, attr));
  }

  public static Fd socket(int domain, int type, int protocol) throws SyscallException {
    int fd = Native.libc().socket(domain, type, protocol);
    if (fd < 0) {
      throw new SyscallException("socket", Native.errno());
    }
    return new Fd(fd);
  }

  public static void setsockopt(Fd fd, int level, int name, NativeBuffer value)
      throws SyscallException {
    if (Native.libc().setsockopt(fd.get(), level, name, value.pointer(), value.size()) < 0) {
      throw new SyscallException("setsockopt", Native.errno());
    }
  }

  public static void bind(Fd fd, NativeBuffer address) throws SyscallException {
    if (Native.libc().bind(fd.get(), address.pointer(), address.size()) < 0) {
      throw new SyscallException("bind", Native.errno());
    }
  }

  /** The index of network interface {@code name}, or 0 when there is none. */
  public static int ifNameToIndex(String name) {
    return Native.libc().if_nametoindex(name);
  }
}
