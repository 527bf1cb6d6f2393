package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RingBuf;

/** A tp_btf/sched_switch program: its parameters are the traced arguments, each read from its u64 slot. */
@License("GPL")
public final class TracedTpBtf {
  @Struct
  public static final class Event {
    public long a;
    public long b;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Section("tp_btf/sched_switch")
  public static int traced(boolean preempt, long prev, long next) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.a = prev;
    e.b = next + (preempt ? 1 : 0);
    events.submit(e);
    return 0;
  }
}
