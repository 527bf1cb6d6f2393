package sk;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;

/**
 * Names the skeleton must not take as they are: a map called {@code load}, a program called {@code
 * close}, a map and a program both called {@code counts}; a ring buffer, which has no typed handle;
 * a struct key of another top-level class.
 */
@License("GPL")
public final class Collisions {
  @Struct
  public static final class Event {
    public long value;
  }

  @Map(type = MapType.HASH, maxEntries = 8)
  static BpfMap<Long, Long> load;

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 4, name = "per_cpu")
  static BpfMap<Integer, Event> counts;

  @Map(type = MapType.HASH, maxEntries = 16)
  static BpfMap<FlowKey, Event> flows;

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Section("socket")
  public static int close(SkBuff skb) {
    return 0;
  }

  @Section("socket")
  public static int counts(SkBuff skb) {
    return skb.len();
  }

  private Collisions() {}
}
