package io.bpf4j.runtime.events;

import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.time.Duration;

/**
 * An epoll set that a reader sleeps on, with an eventfd in it so that {@link #wake()} from another
 * thread (a {@code close()}) ends a wait at once. Each fd added is tagged with a number that {@link
 * #await} reports when it is ready. Owns both fds.
 */
public final class WakeableEpoll implements AutoCloseable {
  /** The tag of the eventfd; never reported. */
  private static final long WAKE_TAG = -1;

  private final Kernel kernel;
  private final Fd epoll;
  private final Fd wakeUp;
  private final long[] ready = new long[64];

  public WakeableEpoll(Kernel kernel) {
    this.kernel = kernel;
    Fd e = null;
    Fd w = null;
    try {
      e = kernel.epollCreate();
      w = kernel.eventFd();
      kernel.epollAdd(e, w, WAKE_TAG);
    } catch (SyscallException ex) {
      close(e, w);
      throw Errors.of(ex, "creating an epoll set for an event reader");
    } catch (RuntimeException ex) {
      close(e, w);
      throw ex;
    }
    this.epoll = e;
    this.wakeUp = w;
  }

  private static void close(Fd a, Fd b) {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  /** Watches {@code fd} for readability (level-triggered), reported as {@code tag}. */
  public void add(Fd fd, long tag) {
    try {
      kernel.epollAdd(epoll, fd, tag);
    } catch (SyscallException e) {
      throw Errors.of(e, "adding " + fd + " to an epoll set");
    }
  }

  /** Stops watching {@code fd}; quietly nothing when it is already closed. */
  public void remove(Fd fd) {
    try {
      kernel.epollDelete(epoll, fd);
    } catch (SyscallException | IllegalStateException e) {
      // Closed fds leave epoll sets by themselves.
    }
  }

  /**
   * Sleeps until a watched fd is ready, {@link #wake()} is called, or {@code timeout} passes (a
   * negative timeout: no limit). Returns how many tags it wrote into {@link #ready()} (0 when only
   * woken or timed out).
   */
  public int await(Duration timeout) {
    int n;
    try {
      n = kernel.epollWait(epoll, ready, millis(timeout));
    } catch (SyscallException e) {
      throw Errors.of(e, "waiting for events (epoll_wait)");
    }
    int out = 0;
    for (int i = 0; i < n; i++) {
      if (ready[i] != WAKE_TAG) {
        ready[out++] = ready[i];
      }
    }
    return out;
  }

  /** The tags of the last {@link #await}. */
  public long[] ready() {
    return ready;
  }

  /** Ends a wait in progress, and every later one: the eventfd stays readable. */
  public void wake() {
    try {
      kernel.eventFdSignal(wakeUp);
    } catch (SyscallException | IllegalStateException e) {
      // Closed already: nobody waits.
    }
  }

  /** epoll_wait's timeout: milliseconds, rounded up so that a short timeout still waits. */
  static int millis(Duration timeout) {
    if (timeout.isNegative()) {
      return -1;
    }
    if (timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
      return Integer.MAX_VALUE;
    }
    long ms = timeout.toMillis();
    if (timeout.minusMillis(ms).compareTo(Duration.ZERO) > 0) {
      ms++;
    }
    return (int) Math.min(ms, Integer.MAX_VALUE);
  }

  @Override
  public void close() {
    epoll.close();
    wakeUp.close();
  }
}
