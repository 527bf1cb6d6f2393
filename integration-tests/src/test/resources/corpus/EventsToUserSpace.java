package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.PerfEventArray;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/** Records built in place in a ring buffer (reserve, submit, discard) and perf event output. */
@License("GPL")
public final class EventsToUserSpace {
  @Struct
  public static final class Event {
    public long value;
    public int kind;
    public int len;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Map(type = MapType.PERF_EVENT_ARRAY, maxEntries = 0)
  static PerfEventArray<Event> perf;

  /** 1 when a record was submitted, 2 when discarded (frames over 100 bytes), 0 when full. */
  @Section("socket")
  public static int reserveEach(SkBuff skb) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.len = skb.len();
    e.kind = 1;
    if (e.len > 100) {
      events.discard(e);
      return 2;
    }
    for (int i = 0; i < 3; i++) {
      e.value += i;
    }
    events.submit(e);
    return 1;
  }

  /** A record reserved in a loop, each one submitted before the next. */
  @Section("tc")
  public static int reserveInALoop(SkBuff skb) {
    int submitted = 0;
    for (int i = 0; i < 4; i++) {
      Event e = events.reserve();
      if (e == null) {
        break;
      }
      e.kind = i;
      events.submit(e);
      submitted++;
    }
    return submitted;
  }

  /** bpf_perf_event_output on the current CPU: -ENOENT (-2) while no reader opened its ring. */
  @Section("classifier")
  public static int perfFromTc(SkBuff skb) {
    Event e = new Event();
    e.len = skb.len();
    return perf.output(skb, e);
  }

  @Section("xdp")
  public static int perfFromXdp(XdpMd xdp) {
    Event e = new Event();
    e.len = xdp.length();
    return perf.output(xdp, e) == -2 ? 2 : 1;
  }
}
