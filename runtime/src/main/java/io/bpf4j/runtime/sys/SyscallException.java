package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;

/**
 * A failed system call: the call and the errno the kernel set. The layer above turns it into a
 * {@code BpfException} that says what to do, because only it knows which attribute was wrong.
 */
public final class SyscallException extends Exception {
  private final String call;
  private final int errno;

  public SyscallException(String call, int errno) {
    super(call + " failed: " + Errno.name(errno));
    this.call = call;
    this.errno = errno;
  }

  /** The call that failed, e.g. {@code bpf(MAP_CREATE)}. */
  public String call() {
    return call;
  }

  public int errno() {
    return errno;
  }
}
