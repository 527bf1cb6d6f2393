package io.bpf4j.runtime.sys;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor: closed by {@link #close()}, or by a cleaner if its owner is dropped
 * without closing (a safety net, not the plan: owners close their fds).
 *
 * <p>Why uses are counted: a descriptor number is reused by the next {@code open} as soon as it is
 * closed, so a thread that read the number just before another thread closed it would otherwise
 * operate on whatever object got that number next. Every system call takes the number with {@link
 * #acquire()} and gives it back with {@link #release()}; {@link #close()} only marks the fd closed
 * while calls are in flight, and the last {@code release} closes it. A call that starts after
 * {@code close} fails with {@link ClosedFdException}; none ever sees a reused number.
 */
public final class Fd implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final State state;
  private final Cleaner.Cleanable cleanable;
  private volatile String what = "file descriptor";

  private static final class State implements Runnable {
    /** Set in {@link #uses} once the fd is closed (or closing); the low bits count the uses. */
    private static final int CLOSED = 1 << 30;

    private final Kernel kernel;
    private final int fd;
    private final AtomicInteger uses = new AtomicInteger();

    State(int fd, Kernel kernel) {
      this.fd = fd;
      this.kernel = kernel;
    }

    /** Marks the fd closed; closes it now when no call is using it. */
    @Override
    public void run() {
      int before = uses.getAndUpdate(u -> u | CLOSED);
      if (before == 0) {
        kernel.close(fd);
      }
    }

    boolean tryAcquire() {
      while (true) {
        int u = uses.get();
        if ((u & CLOSED) != 0) {
          return false;
        }
        if (uses.compareAndSet(u, u + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (uses.decrementAndGet() == CLOSED) {
        kernel.close(fd);
      }
    }

    boolean isOpen() {
      return (uses.get() & CLOSED) == 0;
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

  /** Names what this fd is ({@code map counters}), for the message when it is used after close. */
  public Fd describe(String what) {
    this.what = what;
    return this;
  }

  /**
   * The descriptor, held open until the matching {@link #release()}: call it right before the
   * system call and release in a {@code finally}.
   *
   * @throws ClosedFdException when the fd was closed
   */
  public int acquire() {
    if (!state.tryAcquire()) {
      throw new ClosedFdException(what + " is closed");
    }
    return state.fd;
  }

  /** Gives back what {@link #acquire()} took; closes the fd if it was closed meanwhile. */
  public void release() {
    state.release();
  }

  /**
   * The descriptor number, for display and for code that owns the fd alone (a loader before it
   * hands the object out). Not for system calls on fds other threads may close: use {@link
   * #acquire()}.
   *
   * @throws ClosedFdException when the fd was closed
   */
  public int get() {
    if (!state.isOpen()) {
      throw new ClosedFdException(what + " is closed");
    }
    return state.fd;
  }

  public boolean isOpen() {
    return state.isOpen();
  }

  /** Closes the fd, at once or when the last call using it returns. Idempotent. */
  @Override
  public void close() {
    cleanable.clean();
  }

  @Override
  public String toString() {
    return isOpen() ? "fd " + state.fd : "closed fd";
  }
}
