package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.XdpMd;

/** Maps whose values hold a bpf_spin_lock, for BPF_F_LOCK updates. */
@License("GPL")
final class LockedUpdatePrograms {
  @Struct
  static final class Guarded {
    long packets;
    BpfSpinLock lock;
    int lastLen;
  }

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Guarded> cells;

  @Map(type = MapType.HASH, maxEntries = 2)
  static BpfMap<Integer, Guarded> byKey;

  /** Stores the packet's length under key 0 with BPF_F_LOCK; returns the update's result. */
  @Section("xdp")
  static int storeLocked(XdpMd ctx) {
    return byKey.update(0, guarded(1, ctx.length()), 4);
  }

  static Guarded guarded(long packets, int lastLen) {
    Guarded g = new Guarded();
    g.packets = packets;
    g.lastLen = lastLen;
    return g;
  }

  private LockedUpdatePrograms() {}
}
