package corpus;

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
 * Maps of maps (issue 14): an XDP program looks up the inner array of the frame's first byte and
 * counts the frame in its slot 0, then marks slot 0 of the inner hash of that byte and deletes its
 * slot 1. User space puts the inner maps in. Its clang twin is test-programs' c/map_in_map.c.
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
