package io.bpf4j.examples.net;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * A log2 histogram of the sizes of the frames an interface receives (tcx ingress): slot {@code i}
 * counts frames of {@code 2^i .. 2^(i+1)-1} bytes, the layout {@code Histograms.log2} prints.
 */
@License("GPL")
public final class PacketSizes {
  /** Frames in one slot. */
  @Struct
  public static final class Slot {
    @Atomic public long count;
  }

  @Map(type = MapType.ARRAY, maxEntries = 32)
  static BpfMap<Integer, Slot> sizes;

  @Section("tcx/ingress")
  public static int countSize(SkBuff skb) {
    Slot s = sizes.lookup(log2(skb.len()));
    if (s != null) {
      s.count += 1;
    }
    return Tc.TCX_NEXT;
  }

  /** The base-2 logarithm of {@code v}, rounded down; 0 for 0 and 1. */
  static int log2(int v) {
    int bits = 0;
    for (int i = 0; i < 31 && v > 1; i++) {
      v >>>= 1;
      bits++;
    }
    return bits;
  }

  private PacketSizes() {}
}
