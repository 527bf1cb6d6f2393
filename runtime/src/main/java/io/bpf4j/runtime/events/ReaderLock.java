package io.bpf4j.runtime.events;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The life cycle of an event reader whose {@code close()} may come from any thread, also from a
 * handler it is calling: polls run one at a time under a lock; {@code close()} marks the reader
 * closed, wakes a poll that sleeps, and releases its resources (unmapping the rings, closing fds)
 * only when no poll is running, at once or when the running poll leaves. A read of memory that was
 * unmapped would crash the JVM, not throw, so the unmapping must never overtake a poll.
 *
 * <p>Why no race loses the release: a poll leaves by unlocking, then checking {@code closed}; a
 * close sets {@code closed}, then tries the lock. If the close's try fails, the poll held the lock
 * after {@code closed} was set, so its check after unlocking sees it and releases.
 */
public final class ReaderLock {
  private final ReentrantLock lock = new ReentrantLock();
  private final String what;
  private final Runnable wake;
  private final Runnable release;
  private volatile boolean closed;
  private boolean released;

  /**
   * @param what the reader, for the message of a use after close
   * @param wake ends a wait in progress (an eventfd write)
   * @param release frees everything; runs once, under the lock, with no poll running
   */
  public ReaderLock(String what, Runnable wake, Runnable release) {
    this.what = what;
    this.wake = wake;
    this.release = release;
  }

  /**
   * Starts a poll; pair with {@link #exit()} in a {@code finally}.
   *
   * @throws IllegalStateException when the reader is closed
   */
  public void enter() {
    lock.lock();
    if (closed) {
      exit();
      throw new IllegalStateException(what + " is closed");
    }
  }

  public void exit() {
    lock.unlock();
    releaseIfClosed();
  }

  /** True once {@link #close()} was called: a poll stops handing over records. */
  public boolean isClosed() {
    return closed;
  }

  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    wake.run();
    releaseIfClosed();
  }

  private void releaseIfClosed() {
    if (closed && lock.tryLock()) {
      try {
        // Held more than once: a handler of the running poll closed the reader; that poll
        // releases when it leaves.
        if (lock.getHoldCount() == 1 && !released) {
          released = true;
          release.run();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
