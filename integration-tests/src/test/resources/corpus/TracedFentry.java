package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RingBuf;

/** A fentry/do_unlinkat program: its parameters are the traced arguments, each read from its u64 slot. */
@License("GPL")
public final class TracedFentry {
  @Struct
  public static final class Event {
    public long a;
    public long b;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Section("fentry/do_unlinkat")
  public static int traced(int dfd, long name) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.a = name;
    e.b = dfd;
    events.submit(e);
    return 0;
  }
}
