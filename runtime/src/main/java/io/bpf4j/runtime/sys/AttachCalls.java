package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The system calls behind {@link LinuxKernel}'s attachment methods: {@code BPF_LINK_CREATE} to an
 * fd, {@code BPF_RAW_TRACEPOINT_OPEN}, opening a cgroup directory, reading kernel files, and the
 * send/receive of rtnetlink requests.
 */
final class AttachCalls {
  /** {@code O_RDONLY | O_CLOEXEC} (the same on x86-64 and arm64). */
  private static final int O_RDONLY_CLOEXEC = 0x80000;

  private AttachCalls() {}

  /**
   * {@code link_create}: prog_fd at 0, target_fd at 4, attach_type at 8, flags at 12; the
   * type-specific union at 16 stays zero (no perf event cookie, target_btf_id from the load).
   */
  static int linkCreate(Fd prog, Fd target, int attachType, int flags) throws SyscallException {
    Attr a = new Attr(64).fd(0, prog).u32(8, attachType).u32(12, flags);
    if (target != null) {
      a.fd(4, target);
    }
    return Syscalls.bpf(BpfCommand.LINK_CREATE, a);
  }

  /** {@code raw_tracepoint}: the name's address at 0 (0 for a BTF target), prog_fd at 8. */
  static int rawTracepointOpen(Fd prog, String name) throws SyscallException {
    Attr a = new Attr(24).fd(8, prog);
    if (name != null) {
      a.pointer(0, NativeBuffer.cString(name));
    }
    return Syscalls.bpf(BpfCommand.RAW_TRACEPOINT_OPEN, a);
  }

  static int openReadOnly(Path path) throws SyscallException {
    while (true) {
      int fd = Native.libc().open(path.toString(), O_RDONLY_CLOEXEC);
      if (fd >= 0) {
        return fd;
      }
      int errno = Native.errno();
      if (errno != Errno.EINTR) {
        throw new SyscallException("open " + path, errno);
      }
    }
  }

  static byte[] readFile(Path path) throws SyscallException {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new SyscallException("read " + path, Errno.ENOENT);
    } catch (AccessDeniedException e) {
      throw new SyscallException("read " + path, Errno.EACCES);
    } catch (IOException e) {
      throw new SyscallException("read " + path + " (" + e.getMessage() + ")", Errno.EIO);
    }
  }

  static void send(Fd socket, byte[] message) throws SyscallException {
    NativeBuffer buffer = NativeBuffer.of(message);
    int fd = socket.acquire();
    try {
      while (true) {
        long n = Native.libc().send(fd, buffer.pointer(), message.length, 0);
        if (n == message.length) {
          return;
        }
        int errno = n < 0 ? Native.errno() : Errno.EIO;
        if (errno != Errno.EINTR) {
          throw new SyscallException("send", errno);
        }
      }
    } finally {
      socket.release();
      Reference.reachabilityFence(buffer);
    }
  }

  static int receive(Fd socket, byte[] out) throws SyscallException {
    NativeBuffer buffer = new NativeBuffer(out.length);
    int fd = socket.acquire();
    try {
      while (true) {
        long n = Native.libc().recv(fd, buffer.pointer(), out.length, 0);
        if (n >= 0) {
          buffer.get(0, out, (int) n);
          return (int) n;
        }
        int errno = Native.errno();
        if (errno != Errno.EINTR) {
          throw new SyscallException("recv", errno);
        }
      }
    } finally {
      socket.release();
      Reference.reachabilityFence(buffer);
    }
  }
}
