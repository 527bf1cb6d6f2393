package io.bpf4j.runtime;

import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.events.ReaderLock;
import io.bpf4j.runtime.events.RecordDecoder;
import io.bpf4j.runtime.events.RecordSink;
import io.bpf4j.runtime.events.RingConsumer;
import io.bpf4j.runtime.events.WakeableEpoll;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.MappedMemory;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads the records BPF programs write into a {@code BPF_MAP_TYPE_RINGBUF} map (kernel 5.8+), in
 * the order they were committed, as libbpf's {@code ring_buffer__poll} does: the map's pages are
 * mapped into this process, so a record is read in place (no system call per record), and {@link
 * #poll} sleeps in {@code epoll_wait} until the kernel signals data. Discarded records are skipped.
 *
 * <p>Records are decoded as {@code T}: {@code byte[]} (a copy of the record), or a {@code @Struct}
 * class (or Integer, Long) decoded by the C layout of its fields, as BPF code wrote it. A record of
 * another size than {@code T} is a {@link BpfException} (after the reader has moved past it).
 *
 * <pre>{@code
 * try (BpfObject obj = BpfRuntime.load(ExecSnoop.class);
 *     RingBufReader<Exec> events = obj.ringBuf("events", Exec.class)) {
 *   while (running) {
 *     events.poll(Duration.ofMillis(100), e -> System.out.println(e.pid));
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@code poll} and {@code drain} run one at a time (a lock serializes them);
 * {@link #close()} may come from any thread, also from a handler, and wakes a {@code poll} that
 * sleeps. To read several ring buffers from one thread with one wait, give them to a {@link
 * RingBufPoller}.
 *
 * @param <T> the record type: {@code byte[]}, Integer, Long or a {@code @Struct} class
 */
public final class RingBufReader<T> implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final Fd map;
  private final boolean ownsMap;
  private final MappedMemory consumerPage;
  private final MappedMemory producerAndData;
  private final RingConsumer ring;
  private final RecordDecoder<T> decoder;
  private final ReaderLock lock;
  private WakeableEpoll epoll;
  private volatile boolean epollCreated;
  private final Sink sink = new Sink();

  private RingBufReader(Kernel kernel, String name, Fd map, boolean ownsMap, Class<T> type) {
    this.kernel = kernel;
    this.name = name;
    this.map = map;
    this.ownsMap = ownsMap;
    this.decoder = RecordDecoder.of(type, "ring buffer " + name, 0);
    MappedMemory consumer = null;
    MappedMemory producer = null;
    try {
      Kernel.MapInfo info = kernel.mapInfo(map);
      if (info.type() != MapType.RINGBUF.kernelId()) {
        throw new BpfException(
            0, "map " + name + " is a " + MapType.of(info.type()) + " map, not a ring buffer");
      }
      int page = kernel.pageSize();
      long size = Integer.toUnsignedLong(info.maxEntries());
      // As libbpf: the consumer page read-write; the producer page and the data area, which the
      // kernel maps twice so that a record wrapping the end is contiguous, read-only.
      consumer = kernel.mmap(map, 0, page, true);
      producer = kernel.mmap(map, page, page + 2 * size, false);
      this.ring = new RingConsumer(consumer, producer, page, size);
    } catch (SyscallException e) {
      unmap(consumer, producer);
      closeOwned();
      throw Errors.of(e, "mapping ring buffer " + name + " into memory");
    } catch (RuntimeException e) {
      unmap(consumer, producer);
      closeOwned();
      throw e;
    }
    this.consumerPage = consumer;
    this.producerAndData = producer;
    this.lock = new ReaderLock("ring buffer reader " + name, this::wake, this::release);
  }

  /** A reader of the ring buffer {@code map} of a loaded object, which keeps owning the fd. */
  static <T> RingBufReader<T> of(Kernel kernel, String name, Fd map, Class<T> type) {
    return new RingBufReader<>(kernel, name, map, false, type);
  }

  /** Opens the ring buffer map pinned at {@code path}; the reader owns and closes its fd. */
  public static <T> RingBufReader<T> openPinned(Path path, Class<T> type) {
    return openPinned(SystemKernel.get(), path, type);
  }

  static <T> RingBufReader<T> openPinned(Kernel kernel, Path path, Class<T> type) {
    Fd fd = new Pins(kernel).open(path, "ring buffer", Pins.MAP);
    return new RingBufReader<>(kernel, path.getFileName().toString(), fd, true, type);
  }

  public String name() {
    return name;
  }

  /**
   * Hands every record committed now to {@code handler}, waiting up to {@code timeout} for the
   * first when there is none (a negative timeout waits without limit).
   *
   * <p>A {@code close()} from another thread ends the wait: this call then returns the records it
   * handed over, normally 0. A call made after {@code close()} throws {@link
   * IllegalStateException}.
   *
   * <p>An exception of {@code handler} propagates out of {@code poll} after the reader has moved
   * past the record that caused it: the next call continues with the record after it.
   *
   * @return the records handed to {@code handler}
   */
  public int poll(Duration timeout, Consumer<? super T> handler) {
    lock.enter();
    try {
      int n = consumeLocked(handler);
      if (n > 0 || timeout.isZero()) {
        return n;
      }
      epoll().await(timeout);
      return lock.isClosed() ? 0 : consumeLocked(handler);
    } finally {
      lock.exit();
    }
  }

  /**
   * Hands every record committed now to {@code handler} without waiting; returns how many. If
   * programs write faster than {@code handler} consumes, it keeps going (as libbpf's {@code
   * ring_buffer__consume}). Exceptions of {@code handler} as in {@link #poll}.
   */
  public int drain(Consumer<? super T> handler) {
    lock.enter();
    try {
      return consumeLocked(handler);
    } finally {
      lock.exit();
    }
  }

  /** Bytes of records (with headers) written and not yet read. */
  public long available() {
    lock.enter();
    try {
      return ring.available();
    } finally {
      lock.exit();
    }
  }

  private int consumeLocked(Consumer<? super T> handler) {
    sink.handler = handler;
    try {
      return ring.consume(sink, Integer.MAX_VALUE);
    } finally {
      sink.handler = null;
    }
  }

  /** Decodes each record for the handler of the running poll; one per reader, reused. */
  private final class Sink implements RecordSink {
    Consumer<? super T> handler;

    @Override
    public void record(MappedMemory memory, long offset, int length) {
      handler.accept(decoder.decode(memory, offset, length));
    }

    @Override
    public void record(byte[] bytes, int offset, int length) {
      handler.accept(decoder.decode(bytes, offset, length));
    }

    @Override
    public boolean stopped() {
      return lock.isClosed();
    }
  }

  /** The map's fd, for a {@link RingBufPoller}'s epoll set. */
  Fd mapFd() {
    return map;
  }

  boolean isClosed() {
    return lock.isClosed();
  }

  /** This reader's own epoll set, made on its first wait: a reader in a poller never needs one. */
  private WakeableEpoll epoll() {
    if (epoll == null) {
      WakeableEpoll e = new WakeableEpoll(kernel);
      try {
        e.add(map, 0);
      } catch (RuntimeException ex) {
        e.close();
        throw ex;
      }
      epoll = e;
      epollCreated = true;
      if (lock.isClosed()) {
        // A close that came while the set was made found nothing to wake.
        e.wake();
      }
    }
    return epoll;
  }

  private void wake() {
    if (epollCreated) {
      WakeableEpoll e = epoll;
      if (e != null) {
        e.wake();
      }
    }
  }

  private void release() {
    unmap(consumerPage, producerAndData);
    if (epoll != null) {
      epoll.close();
    }
    closeOwned();
  }

  private static void unmap(MappedMemory a, MappedMemory b) {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  private void closeOwned() {
    if (ownsMap) {
      map.close();
    }
  }

  /**
   * Stops the reader: wakes a {@code poll} that sleeps, and unmaps the ring buffer once no {@code
   * poll} runs. Records not read stay in the map. Idempotent.
   */
  @Override
  public void close() {
    lock.close();
  }
}
