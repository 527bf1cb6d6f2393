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
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * Counts packets at three hooks, one slot each: XDP (slot 0), tcx ingress (1) and tcx egress (2).
 * Every program lets the packet pass.
 */
@License("GPL")
public final class PacketCounter {

  /** Packets seen at one hook. */
  @Struct
  public static final class Count {
    @Atomic public long packets;
  }

  @Map(type = MapType.ARRAY, maxEntries = 3)
  static BpfMap<Integer, Count> counts;

  @Section("xdp")
  public static int xdpCount(XdpMd ctx) {
    bump(0);
    return Xdp.PASS;
  }

  @Section("tcx/ingress")
  public static int ingressCount(SkBuff skb) {
    bump(1);
    return Tc.TCX_NEXT;
  }

  @Section("tcx/egress")
  public static int egressCount(SkBuff skb) {
    bump(2);
    return Tc.TCX_NEXT;
  }

  private static int bump(int slot) {
    Count c = counts.lookup(slot);
    if (c != null) {
      c.packets += 1;
    }
    return 0;
  }

  private PacketCounter() {}
}
