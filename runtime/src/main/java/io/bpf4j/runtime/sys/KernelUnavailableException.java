package io.bpf4j.runtime.sys;

/**
 * This machine offers no way to reach {@code bpf(2)}: an architecture whose system call number the
 * runtime does not know, or no libc that jnr-ffi can load. The message says which.
 */
public final class KernelUnavailableException extends RuntimeException {
  KernelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
