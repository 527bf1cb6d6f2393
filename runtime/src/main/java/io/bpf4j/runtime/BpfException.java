package io.bpf4j.runtime;

/**
 * A failure of the kernel or of the loader, with the errno (0 when none) and a message that says
 * what to do about it.
 */
public class BpfException extends RuntimeException {
  private final int errno;

  public BpfException(int errno, String message) {
    super(message);
    this.errno = errno;
  }

  public BpfException(int errno, String message, Throwable cause) {
    super(message, cause);
    this.errno = errno;
  }

  /** The kernel's errno, or 0 when the failure did not come from a system call. */
  public int errno() {
    return errno;
  }
}
