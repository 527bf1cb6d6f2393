package io.bpf4j.runtime;

import io.bpf4j.runtime.events.ReaderLock;
import io.bpf4j.runtime.events.WakeableEpoll;
import io.bpf4j.runtime.sys.Kernel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several ring buffers read by one thread with one wait, as libbpf's {@code ring_buffer} with
 * {@code ring_buffer__add}: each {@link RingBufReader} is added with its handler, and {@link #poll}
 * sleeps in one {@code epoll_wait} over all of them, then hands over the records of each ring that
 * has some.
 *
 * <pre>{@code
 * try (BpfObject obj = BpfRuntime.load(Monitor.class);
 *     RingBufPoller poller = new RingBufPoller()) {
 *   poller.add(obj.ringBuf("execs", Exec.class), e -> ...);
 *   poller.add(obj.ringBuf("exits", Exit.class), e -> ...);
 *   while (running) {
 *     poller.poll(Duration.ofMillis(100));
 *   }
 * }
 * }</pre>
 *
 * <p>The poller owns the readers added to it: closing it closes them. A reader closed on its own is
 * dropped from the poller. Thread-safety as a reader's: one {@code poll} at a time; {@link
 * #close()} from any thread wakes it.
 */
public final class RingBufPoller implements AutoCloseable {
  private record Entry<T>(RingBufReader<T> reader, Consumer<? super T> handler) {
    int drain() {
      return reader.drain(handler);
    }
  }

  private final WakeableEpoll epoll;
  private final List<Entry<?>> entries = new ArrayList<>();
  private final ReaderLock lock;

  /** A poller on the kernel this process runs on. */
  public RingBufPoller() {
    this(SystemKernel.get());
  }

  RingBufPoller(Kernel kernel) {
    this.epoll = new WakeableEpoll(kernel);
    this.lock = new ReaderLock("ring buffer poller", epoll::wake, this::release);
  }

  /** Adds {@code reader}, whose records go to {@code handler}; the poller now owns the reader. */
  public <T> RingBufPoller add(RingBufReader<T> reader, Consumer<? super T> handler) {
    lock.enter();
    try {
      if (reader.isClosed()) {
        throw new IllegalStateException("ring buffer reader " + reader.name() + " is closed");
      }
      epoll.add(reader.mapFd(), entries.size());
      entries.add(new Entry<>(reader, handler));
      return this;
    } finally {
      lock.exit();
    }
  }

  /**
   * Hands over the records of every ring that has some, waiting up to {@code timeout} (negative:
   * without limit) when none has. Close and handler exceptions as in {@link RingBufReader#poll}.
   *
   * @return the records handed over, of all rings
   */
  public int poll(Duration timeout) {
    lock.enter();
    try {
      int n = drainLocked();
      if (n > 0 || timeout.isZero()) {
        return n;
      }
      int ready = epoll.await(timeout);
      long[] tags = epoll.ready();
      for (int i = 0; i < ready && !lock.isClosed(); i++) {
        Entry<?> e = entries.get((int) tags[i]);
        if (e != null) {
          n += drainOne((int) tags[i], e);
        }
      }
      return n;
    } finally {
      lock.exit();
    }
  }

  /** Hands over the records of every ring without waiting. */
  public int drain() {
    lock.enter();
    try {
      return drainLocked();
    } finally {
      lock.exit();
    }
  }

  private int drainLocked() {
    int n = 0;
    for (int i = 0; i < entries.size() && !lock.isClosed(); i++) {
      Entry<?> e = entries.get(i);
      if (e != null) {
        n += drainOne(i, e);
      }
    }
    return n;
  }

  private int drainOne(int index, Entry<?> e) {
    if (e.reader().isClosed()) {
      // Closed on its own: level-triggered epoll would keep reporting its data.
      epoll.remove(e.reader().mapFd());
      entries.set(index, null);
      return 0;
    }
    return e.drain();
  }

  private void release() {
    for (Entry<?> e : entries) {
      if (e != null) {
        e.reader().close();
      }
    }
    epoll.close();
  }

  /** Closes the poller and every reader in it; wakes a {@code poll} that sleeps. Idempotent. */
  @Override
  public void close() {
    lock.close();
  }
}
