package io.bpf4j.runtime;

import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.events.PerfRing;
import io.bpf4j.runtime.events.ReaderLock;
import io.bpf4j.runtime.events.RecordDecoder;
import io.bpf4j.runtime.events.RecordSink;
import io.bpf4j.runtime.events.WakeableEpoll;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.MappedMemory;
import io.bpf4j.runtime.sys.SyscallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads what BPF programs write with {@code bpf_perf_event_output} into a {@code
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY} map, as libbpf's {@code perf_buffer}: one perf event of the
 * software kind {@code PERF_COUNT_SW_BPF_OUTPUT} per online CPU (kernel 4.4+), each with its own
 * ring of {@code pagesPerCpu} pages mapped into this process and stored in the map at the CPU's
 * index, and one {@code epoll_wait} over all of them. Samples of one CPU arrive in order; samples
 * of different CPUs are not ordered with each other (use a ring buffer, kernel 5.8+, for one
 * order).
 *
 * <p>When a CPU's ring is full the kernel drops samples and later reports how many: {@link #lost()}
 * adds them up. Larger rings lose less.
 *
 * <p>Records are decoded as {@code T} like a {@link RingBufReader}'s; a perf sample is padded to 8
 * bytes after its 4-byte size, so a {@code byte[]} record may carry up to 7 bytes of padding.
 * Thread-safety, close and handler exceptions as in {@link RingBufReader}.
 *
 * @param <T> the record type: {@code byte[]}, Integer, Long or a {@code @Struct} class
 */
public final class PerfBufferReader<T> implements AutoCloseable {
  private static final int PERF_TYPE_SOFTWARE = 1;
  private static final int PERF_COUNT_SW_BPF_OUTPUT = 10;
  private static final long PERF_SAMPLE_RAW = 1L << 10;
  private static final long PERF_EVENT_IOC_ENABLE = 0x2400;

  /** One CPU's perf event and its mapped ring. */
  private record CpuRing(int cpu, Fd event, MappedMemory memory, PerfRing ring) {}

  private final Kernel kernel;
  private final String name;
  private final Fd map;
  private final List<CpuRing> rings = new ArrayList<>();
  private final RecordDecoder<T> decoder;
  private final WakeableEpoll epoll;
  private final ReaderLock lock;
  private final Sink sink = new Sink();
  private volatile long lost;

  private PerfBufferReader(
      Kernel kernel, String name, Fd map, Class<T> type, int pagesPerCpu, int maxEntries) {
    if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
      throw new IllegalArgumentException(
          "pagesPerCpu must be a power of two (1, 2, 4, ...), not " + pagesPerCpu);
    }
    this.kernel = kernel;
    this.name = name;
    this.map = map;
    this.decoder = RecordDecoder.of(type, "perf buffer " + name, 7);
    this.epoll = new WakeableEpoll(kernel);
    this.lock = new ReaderLock("perf buffer reader " + name, epoll::wake, this::release);
    try {
      int page = kernel.pageSize();
      for (int cpu : kernel.onlineCpus()) {
        // As libbpf: a map smaller than the CPU count gets rings for the CPUs it has slots for.
        if (cpu < maxEntries) {
          openCpu(cpu, page, pagesPerCpu);
        }
      }
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  static <T> PerfBufferReader<T> of(
      Kernel kernel, String name, Fd map, Class<T> type, int pagesPerCpu) {
    int maxEntries;
    try {
      maxEntries = kernel.mapInfo(map).maxEntries();
    } catch (SyscallException e) {
      throw Errors.of(e, "reading perf event array " + name);
    }
    return new PerfBufferReader<>(kernel, name, map, type, pagesPerCpu, maxEntries);
  }

  private void openCpu(int cpu, int page, int pages) {
    Fd event = null;
    MappedMemory memory = null;
    try {
      Kernel.PerfEventAttr attr =
          new Kernel.PerfEventAttr(
              PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT, 1, PERF_SAMPLE_RAW, 0, 1, null, 0, 0);
      event = kernel.perfEventOpen(attr, -1, cpu, null).describe("perf event of CPU " + cpu);
      memory = kernel.mmap(event, 0, (long) (1 + pages) * page, true);
      PerfRing ring = new PerfRing(memory, page);
      byte[] key = intBytes(cpu);
      int fd = event.acquire();
      try {
        kernel.mapUpdate(map, key, intBytes(fd), 0);
      } finally {
        event.release();
      }
      kernel.ioctl(event, PERF_EVENT_IOC_ENABLE, 0);
      epoll.add(event, rings.size());
      rings.add(new CpuRing(cpu, event, memory, ring));
    } catch (SyscallException e) {
      if (memory != null) {
        memory.close();
      }
      if (event != null) {
        event.close();
      }
      throw Errors.of(e, "opening the perf ring of CPU " + cpu + " for perf buffer " + name);
    } catch (RuntimeException e) {
      if (memory != null) {
        memory.close();
      }
      if (event != null) {
        event.close();
      }
      throw e;
    }
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  public String name() {
    return name;
  }

  /** The CPUs with a ring: the online CPUs the map has a slot for. */
  public int[] cpus() {
    return rings.stream().mapToInt(CpuRing::cpu).toArray();
  }

  /**
   * Hands every sample written now, of every CPU, to {@code handler}, waiting up to {@code timeout}
   * (negative: without limit) when there is none. Close and handler exceptions as in {@link
   * RingBufReader#poll}.
   *
   * @return the samples handed over
   */
  public int poll(Duration timeout, Consumer<? super T> handler) {
    lock.enter();
    try {
      int n = consumeAll(handler);
      if (n > 0 || timeout.isZero()) {
        return n;
      }
      int ready = epoll.await(timeout);
      long[] tags = epoll.ready();
      sink.handler = handler;
      try {
        for (int i = 0; i < ready && !lock.isClosed(); i++) {
          n += consume(rings.get((int) tags[i]));
        }
      } finally {
        sink.handler = null;
      }
      return n;
    } finally {
      lock.exit();
    }
  }

  /** Hands every sample written now to {@code handler} without waiting. */
  public int drain(Consumer<? super T> handler) {
    lock.enter();
    try {
      return consumeAll(handler);
    } finally {
      lock.exit();
    }
  }

  /**
   * Samples the kernel dropped because a CPU's ring was full, counted as the reader saw reports.
   */
  public long lost() {
    return lost;
  }

  private int consumeAll(Consumer<? super T> handler) {
    sink.handler = handler;
    try {
      int n = 0;
      for (int i = 0; i < rings.size() && !lock.isClosed(); i++) {
        n += consume(rings.get(i));
      }
      return n;
    } finally {
      sink.handler = null;
    }
  }

  private int consume(CpuRing r) {
    long before = r.ring().lost();
    try {
      return r.ring().consume(sink);
    } finally {
      long more = r.ring().lost() - before;
      if (more != 0) {
        lost += more; // written under the lock only
      }
    }
  }

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

  /** Takes the rings out of the map (it outlives the reader), unmaps them, closes the events. */
  private void release() {
    for (CpuRing r : rings) {
      try {
        kernel.mapDelete(map, intBytes(r.cpu()));
      } catch (SyscallException | IllegalStateException e) {
        // The map is gone or the slot empty already: nothing points at the event any more.
      }
      r.memory().close();
      r.event().close();
    }
    rings.clear();
    epoll.close();
  }

  /** Stops the reader: wakes a {@code poll} that sleeps, and frees the rings once none runs. */
  @Override
  public void close() {
    lock.close();
  }
}
