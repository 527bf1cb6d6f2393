package io.bpf4j.runtime.errors;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.KernelUnavailableException;
import io.bpf4j.runtime.sys.SyscallException;
import java.util.Set;

/**
 * Turns a failed system call into a {@link BpfException} that says what to do: the one place where
 * the kernel's errno meets the runtime's advice. Internal to the runtime.
 */
public final class Errors {
  private Errors() {}

  public static final String PRIVILEGES =
      "run as root, or grant the process CAP_BPF (plus CAP_NET_ADMIN to attach network programs"
          + " and CAP_PERFMON for tracing programs)";

  public static final String MOUNT_BPFFS = "mount one with: mount -t bpf bpf /sys/fs/bpf";

  /** {@code what} failed with {@code e}; {@code invalid} explains EINVAL/E2BIG for this call. */
  public static BpfException of(SyscallException e, String what, String invalid) {
    int errno = e.errno();
    String advice =
        switch (errno) {
          case Errno.EPERM, Errno.EACCES -> "permission denied: " + PRIVILEGES;
          case Errno.EINVAL, Errno.E2BIG -> invalid;
          case Errno.ENOMEM -> "the kernel is out of memory for BPF objects (a map too large?)";
          case Errno.EBADF -> "a file descriptor was closed too early";
          case Errno.ENOSPC -> "no space left (map full, or a buffer too small)";
          case Errno.EEXIST -> "it already exists";
          case Errno.ENOENT -> "it does not exist";
          case Errno.EBUSY -> "the target is busy (already attached?)";
          case Errno.EOPNOTSUPP, Errno.ENOTSUPP -> "this kernel does not support it";
          case Errno.EFAULT ->
              "a bad address was passed to the kernel (a bpf4j bug; please report it)";
          case Errno.ENODEV -> "there is no such device (network interface?)";
          case Errno.ENAMETOOLONG ->
              "a path or name is too long (a file name may have 255 bytes, a path 4095)";
          case Errno.ELOOP -> "a path has too many symbolic links (a loop?)";
          default -> "an error bpf4j does not interpret; see errno(3) for " + Errno.name(errno);
        };
    return new BpfException(errno, what + " failed (" + Errno.name(errno) + "): " + advice, e);
  }

  /**
   * As {@link #of(SyscallException, String, String)}, but a permission error names the capabilities
   * of {@code needed} that the process ({@code capEff}, -1 when unknown) lacks; {@code needs} says
   * who needs them ("tracing programs").
   */
  public static BpfException of(
      SyscallException e,
      String what,
      String invalid,
      long capEff,
      Set<Capability> needed,
      String needs) {
    int errno = e.errno();
    if (errno != Errno.EPERM) {
      return of(e, what, invalid);
    }
    return new BpfException(
        errno,
        what + " failed (" + Errno.name(errno) + "): " + Privileges.advice(capEff, needed, needs),
        e);
  }

  public static BpfException of(SyscallException e, String what) {
    return of(e, what, "the kernel rejected an attribute of the call");
  }

  /** The runtime cannot reach {@code bpf(2)} on this machine; the message says why. */
  public static BpfException unavailable(KernelUnavailableException e) {
    return new BpfException(0, e.getMessage(), e);
  }
}
