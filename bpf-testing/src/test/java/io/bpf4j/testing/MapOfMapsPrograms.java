package io.bpf4j.testing;

import io.bpf4j.annotations.InnerMap;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** Maps of maps as API.md 6.3 declares them: counting through an array and a hash of maps. */
@License("GPL")
final class MapOfMapsPrograms {
  @Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 2)
  @InnerMap(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, BpfMap<Integer, Long>> byIndex;

  @Map(type = MapType.HASH_OF_MAPS, maxEntries = 2)
  @InnerMap(type = MapType.HASH, maxEntries = 16)
  static BpfMap<Integer, BpfMap<Integer, Long>> byKey;

  /** A map of the inner kind but not the inner size, for the shape tests. */
  @Map(type = MapType.ARRAY, maxEntries = 8)
  static BpfMap<Integer, Long> bigArray;

  /** A hash of another size: fits, as the kernel checks max_entries of arrays only. */
  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<Integer, Long> bigHash;

  /**
   * Adds 1 at index 0 of the array held in slot 0 and 1 under key 0 of the hash held under key 7;
   * returns which were held (bit 0 the array, bit 1 the hash).
   */
  @Section("socket")
  static int countNested(SkBuff skb) {
    int seen = 0;
    BpfMap<Integer, Long> a = byIndex.lookup(0);
    if (a != null) {
      Long v = a.lookup(0);
      if (v != null) {
        a.update(0, v + 1, BpfMap.ANY);
      }
      seen |= 1;
    }
    BpfMap<Integer, Long> h = byKey.lookup(7);
    if (h != null) {
      Long v = h.lookup(0);
      h.update(0, v == null ? 1 : v + 1, BpfMap.ANY);
      seen |= 2;
    }
    return seen;
  }

  /** Looks up past the end of the array of maps: null, as in the kernel. */
  @Section("socket")
  static int pastTheEnd(SkBuff skb) {
    return byIndex.lookup(5) == null ? 0 : 1;
  }

  /** What the verifier refuses: a program updating a map of maps. */
  @Section("socket")
  static int updateOuter(SkBuff skb) {
    return byKey.update(1, byKey.lookup(7), BpfMap.ANY);
  }

  /** What the verifier refuses: a program deleting from a map of maps. */
  @Section("socket")
  static int deleteOuter(SkBuff skb) {
    return byKey.delete(7);
  }
}
