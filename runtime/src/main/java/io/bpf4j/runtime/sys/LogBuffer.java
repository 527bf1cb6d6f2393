package io.bpf4j.runtime.sys;

/**
 * A log the kernel writes while checking what it is given (the verifier's for programs, the BTF
 * checker's for BTF): its capacity, and the text it received. A log that does not fit fails the
 * call with {@code ENOSPC}. Since Linux 6.4 the kernel then keeps the end of the log, where the
 * reason is (unless {@code BPF_LOG_FIXED} is asked for), and reports the size the whole log would
 * have needed ({@code log_true_size}); older kernels keep the beginning and report nothing.
 */
public final class LogBuffer {
  private final int capacity;
  private String text = "";
  private long trueSize;

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

  /**
   * The size in bytes, with the closing NUL, that the whole log needed ({@code log_true_size},
   * Linux 6.4+); 0 when the kernel did not say.
   */
  public long trueSize() {
    return trueSize;
  }

  /** Whether the kernel had more to say than fitted. */
  public boolean truncated() {
    return trueSize > capacity;
  }

  /** Records what the kernel wrote; for {@link Kernel} implementations. */
  public void write(String text) {
    this.text = text;
  }

  /** Records {@code log_true_size}; for {@link Kernel} implementations. */
  public void trueSize(long size) {
    this.trueSize = size;
  }
}
