package io.bpf4j.testing;

/** The errno values the simulated helpers return (negated, as the kernel's helpers do). */
final class Errno {
  static final int ENOENT = 2;
  static final int E2BIG = 7;
  static final int EFAULT = 14;
  static final int EEXIST = 17;
  static final int EINVAL = 22;

  private Errno() {}

  /** {@code -EEXIST} and the like, for messages; {@code 0} for 0. */
  static String describe(int result) {
    return switch (-result) {
      case 0 -> "0";
      case ENOENT -> "-ENOENT";
      case E2BIG -> "-E2BIG";
      case EFAULT -> "-EFAULT";
      case EEXIST -> "-EEXIST";
      case EINVAL -> "-EINVAL";
      default -> Integer.toString(result);
    };
  }
}
