package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.TracepointContext;

/**
 * A ring buffer fed by a socket filter, and tracing programs (tracepoint and raw tracepoint)
 * sharing a counting method.
 */
@License("GPL")
public final class TraceAndRing {
  /** One ring buffer record. */
  @Struct
  public static final class Event {
    public int len;
    public int cpu;
    public long when;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Long> hits;

  @Section("socket")
  public static int record(SkBuff skb) {
    Event e = new Event();
    e.len = skb.len();
    e.cpu = Bpf.getSmpProcessorId();
    e.when = Bpf.ktimeGetNs();
    return events.output(e) ? 1 : 0;
  }

  @Section("tracepoint/sched/sched_process_exec")
  public static int exec(TracepointContext ctx) {
    if (ctx.readInt(12) > 0) {
      count(0);
    }
    return 0;
  }

  @Section("raw_tracepoint/sched_switch")
  public static int switched(RawTracepointArgs args) {
    if (args.arg(0) == 0) {
      count(1);
    }
    return 0;
  }

  static void count(int key) {
    Long v = hits.lookup(key);
    if (v != null) {
      hits.update(key, v + 1, BpfMap.ANY);
    }
  }

  private TraceAndRing() {}
}
