package io.bpf4j.runtime.sys;

import java.lang.ref.Cleaner;

/**
 * An owned file descriptor: closed by {@link #close()}, or by a cleaner if its owner is dropped
 * without closing (a safety net, not the plan: owners close their fds).
 */
public final class Fd implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final State state;
  private final Cleaner.Cleanable cleanable;

  private static final class State implements Runnable {
    private final Kernel kernel;
    private volatile int fd;

    State(int fd, Kernel kernel) {
      this.fd = fd;
      this.kernel = kernel;
    }

    @Override
    public void run() {
      int f = fd;
      fd = -1;
      if (f >= 0) {
        kernel.close(f);
      }
    }
  }

  /** Takes ownership of {@code fd}, which {@code kernel} closes. */
  public Fd(int fd, Kernel kernel) {
    if (fd < 0) {
      throw new IllegalArgumentException("not a file descriptor: " + fd);
    }
    this.state = new State(fd, kernel);
    this.cleanable = CLEANER.register(this, state);
  }

  /** The descriptor; throws when already closed. */
  public int get() {
    int f = state.fd;
    if (f < 0) {
      throw new IllegalStateException("file descriptor already closed");
    }
    return f;
  }

  public boolean isOpen() {
    return state.fd >= 0;
  }

  @Override
  public void close() {
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "fd " + state.fd;
  }
}
