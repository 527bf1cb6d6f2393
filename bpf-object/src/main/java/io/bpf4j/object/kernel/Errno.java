package io.bpf4j.object.kernel;

/** The errno values bpf4j names: what {@code bpf(2)} sets and what helpers return negated. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int E2BIG = 7;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int ERANGE = 34;
  public static final int ENAMETOOLONG = 36;
  public static final int ELOOP = 40;
  public static final int EOPNOTSUPP = 95;

  /** The kernel-internal "not supported" some BPF paths leak to user space. */
  public static final int ENOTSUPP = 524;

  private Errno() {}

  /** {@code EPERM} for 1, or {@code errno N} for a value this table does not name. */
  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case ESRCH -> "ESRCH";
      case EINTR -> "EINTR";
      case EIO -> "EIO";
      case E2BIG -> "E2BIG";
      case EBADF -> "EBADF";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case EFAULT -> "EFAULT";
      case EBUSY -> "EBUSY";
      case EEXIST -> "EEXIST";
      case ENODEV -> "ENODEV";
      case ENOTDIR -> "ENOTDIR";
      case EINVAL -> "EINVAL";
      case ENOSPC -> "ENOSPC";
      case ERANGE -> "ERANGE";
      case ENAMETOOLONG -> "ENAMETOOLONG";
      case ELOOP -> "ELOOP";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      case ENOTSUPP -> "ENOTSUPP";
      default -> "errno " + errno;
    };
  }

  /**
   * A helper's result as the kernel's sources write it: {@code 0}, {@code -EEXIST}, or the number
   * itself when the table does not name its negation.
   */
  public static String describeResult(long result) {
    if (result == 0) {
      return "0";
    }
    if (result < 0 && result >= -ENOTSUPP) {
      String name = name((int) -result);
      if (!name.startsWith("errno ")) {
        return "-" + name;
      }
    }
    return Long.toString(result);
  }
}
