package io.bpf4j.runtime.sys;

/** An operation on a handle that was closed before the operation started. */
public final class ClosedFdException extends IllegalStateException {
  public ClosedFdException(String message) {
    super(message);
  }
}
