package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.XdpMd;

/**
 * For the simulator: hash map values that hold a bpf_spin_lock, keyed by a packet byte. A new key
 * gets a fresh value (its lock zero), a present one is changed under the lock; user space sees the
 * lock as zero.
 */
@License("GPL")
public final class LockedValues {
  @Struct
  public static final class Guarded {
    public long packets;
    public BpfSpinLock lock;
    public int lastLen;
    public long bytes;
  }

  @Map(type = MapType.HASH, maxEntries = 6)
  static BpfMap<Integer, Guarded> byClass;

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Guarded> cells;

  /** No lock in its values: BPF_F_LOCK is -EINVAL here. */
  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Long> plain;

  @Section("xdp")
  public static int count(XdpMd ctx) {
    int len = ctx.length();
    int key = len & 7;
    Guarded g = byClass.lookup(key);
    if (g == null) {
      Guarded fresh = new Guarded();
      fresh.packets = 1;
      fresh.lastLen = len;
      fresh.bytes = len;
      return byClass.update(key, fresh, BpfMap.NOEXIST) + 100;
    }
    Bpf.spinLock(g.lock);
    g.packets = g.packets + 1;
    g.lastLen = len;
    g.bytes = g.bytes + len;
    Bpf.spinUnlock(g.lock);
    return 2;
  }

  /**
   * Updates with flags from the packet, BPF_F_LOCK (4) among them: the kernel copies into a present
   * element in place under its lock (a value looked up before sees the new contents), and refuses
   * the flag for values without a lock.
   */
  @Section("xdp")
  public static int lockedUpdate(XdpMd ctx) {
    int len = ctx.length();
    int sel = ctx.loadByte(23);
    long flags = (sel & 3) | (sel & 4);
    int key = len & 7;
    Guarded before = byClass.lookup(key);
    Guarded fresh = new Guarded();
    fresh.packets = 1000 + len;
    fresh.lastLen = sel;
    fresh.bytes = len;
    int r = byClass.update(key, fresh, flags);
    int seen = before == null ? -1 : (int) before.packets;
    Guarded cell = cells.lookup(sel & 3);
    int rc = cells.update(sel & 3, fresh, flags);
    int cellSeen = cell == null ? -1 : cell.lastLen;
    int rp = plain.update(sel & 3, (long) len, flags);
    return ((r & 0xff) << 24) | ((rc & 0xff) << 16) | ((rp & 0xf) << 12) | ((seen ^ cellSeen) & 0xfff);
  }

  private LockedValues() {}
}
