package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A map value guarded by a bpf_spin_lock: two fields updated with plain (non-atomic) loads and
 * stores under the lock, so concurrent runs on several CPUs lose no increment and keep both fields
 * consistent.
 */
@License("GPL")
public final class SpinLockCounter {
  @Struct
  public static final class Counter {
    public BpfSpinLock lock;
    public int pad;
    public long n;
    public long bytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Counter> counters;

  /** XDP: the kernel refuses bpf_spin_lock in socket filters and tracing programs. */
  @Section("xdp")
  public static int increment(XdpMd ctx) {
    Counter c = counters.lookup(0);
    if (c == null) {
      return Xdp.ABORTED;
    }
    int len = 3;
    Bpf.spinLock(c.lock);
    c.n = c.n + 1;
    c.bytes = c.bytes + len;
    Bpf.spinUnlock(c.lock);
    return Xdp.PASS;
  }

  private SpinLockCounter() {}
}
