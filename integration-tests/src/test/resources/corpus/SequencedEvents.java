package corpus;

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
 * Socket filters that write one numbered record per run into a ring buffer (events, or the second
 * ring, more): run with BPF_PROG_TEST_RUN and read by the events tests.
 */
@License("GPL")
public final class SequencedEvents {
  /** One record: its number, when it was written, the packet's length and the CPU. */
  @Struct
  public static final class Event {
    public long seq;
    public long when;
    public int len;
    public int cpu;
  }

  /** The next number of each ring. */
  @Struct
  public static final class Counter {
    public long next;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 1 << 16)
  static RingBuf<Event> events;

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> more;

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Counter> counters;

  @Section("socket")
  public static int record(SkBuff skb) {
    Counter c = counters.lookup(0);
    if (c == null) {
      return 0;
    }
    Event e = new Event();
    e.seq = c.next;
    c.next = e.seq + 1;
    e.when = Bpf.ktimeGetNs();
    e.len = skb.len();
    e.cpu = Bpf.getSmpProcessorId();
    return events.output(e) ? 1 : 0;
  }

  @Section("socket")
  public static int recordMore(SkBuff skb) {
    Counter c = counters.lookup(1);
    if (c == null) {
      return 0;
    }
    Event e = new Event();
    e.seq = c.next;
    c.next = e.seq + 1;
    e.when = Bpf.ktimeGetNs();
    e.len = skb.len();
    e.cpu = Bpf.getSmpProcessorId();
    return more.output(e) ? 1 : 0;
  }

  private SequencedEvents() {}
}
