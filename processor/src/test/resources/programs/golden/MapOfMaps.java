package golden;

import io.bpf4j.annotations.InnerMap;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * Maps of maps (issue 14): the inner map a lookup in the outer map returns is passed, after its
 * null check, as the map argument of the inner lookup, update and delete.
 */
@License("GPL")
public final class MapOfMaps {
  @Struct
  public static final class Counter {
    public long packets;
  }

  @Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 8)
  @InnerMap(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, BpfMap<Integer, Counter>> byFirstByte;

  @Map(type = MapType.HASH_OF_MAPS, maxEntries = 16)
  @InnerMap(type = MapType.HASH, maxEntries = 64, flags = 1)
  static BpfMap<Integer, BpfMap<Integer, Long>> seen;

  @Section("xdp")
  public static int countPacket(XdpMd ctx) {
    int key = ctx.loadByte(0);
    BpfMap<Integer, Counter> counters = byFirstByte.lookup(key);
    if (counters == null) {
      return Xdp.PASS;
    }
    Counter c = counters.lookup(0);
    if (c != null) {
      c.packets++;
    }
    BpfMap<Integer, Long> flags = seen.lookup(key);
    if (flags != null) {
      flags.update(0, 1L, BpfMap.ANY);
      flags.delete(1);
    }
    return Xdp.PASS;
  }
}
