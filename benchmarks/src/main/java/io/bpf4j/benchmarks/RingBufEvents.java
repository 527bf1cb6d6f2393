package io.bpf4j.benchmarks;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;

/**
 * The object of {@link RingBufBenchmark}: a socket filter that writes one numbered, timestamped
 * record per run into a 64 MiB ring buffer (room for two million records, so that a slow consumer
 * shows up as time, not as loss) and counts the records the ring had no room for.
 */
@License("GPL")
public final class RingBufEvents {
  /** One record, 24 bytes (32 in the ring with its header). */
  @Struct
  public static final class Event {
    public long seq;
    public long when;
    public int len;
    public int cpu;
  }

  /** The next sequence number (key 0) and the records dropped for want of room (key 1). */
  @Struct
  public static final class Counter {
    public long value;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 1 << 26)
  static RingBuf<Event> events;

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Counter> counters;

  @Section("socket")
  public static int emit(SkBuff skb) {
    Counter next = counters.lookup(0);
    if (next == null) {
      return 0;
    }
    Event e = new Event();
    e.seq = next.value;
    next.value = e.seq + 1;
    e.when = Bpf.ktimeGetNs();
    e.len = skb.len();
    e.cpu = Bpf.getSmpProcessorId();
    if (events.output(e)) {
      return 1;
    }
    Counter dropped = counters.lookup(1);
    if (dropped != null) {
      dropped.value = dropped.value + 1;
    }
    return 0;
  }

  private RingBufEvents() {}
}
