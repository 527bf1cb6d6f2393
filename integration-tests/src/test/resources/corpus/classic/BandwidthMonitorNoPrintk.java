package corpus.classic;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.lang.SkBuff;

/**
 * The seed's bandwidth monitor (examples' BandwidthMonitor) without its two {@code bpf_printk}
 * calls: counting and the tail call only, so that the suite compares the code that does the work
 * rather than the cost of formatting a trace line. The C version is
 * c/classic/bandwidth_monitor_no_printk.c.
 */
@License("GPL")
public final class BandwidthMonitorNoPrintk {
  @Struct
  public static final class TrafficCounters {
    @Atomic public long pkts;
    @Atomic public long bytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = 3)
  static BpfMap<Integer, TrafficCounters> bwMonitorMap;

  @Map(type = MapType.PROG_ARRAY, maxEntries = 1)
  static ProgArray tailcallMap;

  @Section("socket")
  public static int socketFilter(SkBuff skb) {
    int key = 1;
    TrafficCounters counters = bwMonitorMap.lookup(key);
    if (counters != null) {
      counters.pkts += 1;
      counters.bytes += skb.len();
    } else {
      TrafficCounters val = new TrafficCounters();
      val.pkts = 1;
      val.bytes = skb.len();
      bwMonitorMap.update(key, val, BpfMap.ANY);
    }
    tailcallMap.tailCall(skb, 0);
    return 0;
  }

  private BandwidthMonitorNoPrintk() {}
}
