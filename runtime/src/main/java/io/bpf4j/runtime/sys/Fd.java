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
    private volatile int fd;

    State(int fd) {
      this.fd = fd;
    }

    @Override
    public void run() {
      int f = fd;
      fd = -1;
      if (f >= 0) {
        Native.libc().close(f);
      }
    }
  }

  public Fd(int fd) {
    if (fd < 0) {
      throw new IllegalArgumentException("not a file descriptor: " + fd);
    }
    this.state = new State(fd);
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

  /**
   * What kind of kernel object the fd refers to, as {@code /proc/self/fd} names it: {@code
   * bpf-map}, {@code bpf-prog}, {@code bpf_link}, ... ({@code anon_inode:} stripped), or {@code
   * unknown}.
   */
  public String kind() {
    try {
      String target =
          java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + get()))
              .toString();
      return target.startsWith("anon_inode:") ? target.substring("anon_inode:".length()) : target;
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return "unknown";
    }
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
