package io.bpf4j.runtime.sys;

/**
 * A log the kernel writes while checking what it is given (the verifier's for programs, the BTF
 * checker's for BTF): its capacity, and the text it received. A log that does not fit fails the
 * call with {@code ENOSPC}; the caller retries with a larger one.
 */
public final class LogBuffer {
  private final int capacity;
  private String text = "";

  public LogBuffer(int capacity) {
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /** What the kernel wrote, up to its first NUL. */
  public String text() {
    return text;
  }

  /** Records what the kernel wrote; for {@link Kernel} implementations. */
  public void write(String text) {
    this.text = text;
  }
}
