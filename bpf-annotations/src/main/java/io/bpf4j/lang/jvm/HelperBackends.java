package io.bpf4j.lang.jvm;

/** The {@link HelperBackend} of each thread: none unless one is installed. */
public final class HelperBackends {
  private static final ThreadLocal<HelperBackend> CURRENT = new ThreadLocal<>();

  private HelperBackends() {}

  /** A backend installed on a thread; closing it puts back the one installed before. */
  public interface Installation extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Installs {@code backend} on the current thread until the returned installation is closed
   * (installations nest).
   */
  public static Installation install(HelperBackend backend) {
    if (backend == null) {
      throw new NullPointerException("backend");
    }
    HelperBackend previous = CURRENT.get();
    CURRENT.set(backend);
    Thread owner = Thread.currentThread();
    return () -> {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "a helper backend must be closed on the thread it was installed on");
      }
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /**
   * The current thread's backend.
   *
   * @throws UnsupportedOperationException when none is installed: the helpers exist only inside the
   *     kernel, unless a simulator runs the code
   */
  public static HelperBackend current() {
    HelperBackend b = CURRENT.get();
    if (b == null) {
      throw new UnsupportedOperationException(
          "this helper runs only inside the kernel; to run BPF code in the JVM (in a unit test),"
              + " use io.bpf4j.testing.BpfSimulator from the bpf-testing module");
    }
    return b;
  }
}
