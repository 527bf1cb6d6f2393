package golden;

import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/** Two fields of a map value updated under its bpf_spin_lock (helpers 93 and 94). */
public final class SpinLock {
  @Struct
  public static final class Counter {
    public BpfSpinLock lock;
    public long n;
    public long last;
  }

  @Map(type = MapType.HASH, maxEntries = 16)
  static BpfMap<Integer, Counter> counters;

  @Section("xdp")
  public static int count(XdpMd ctx) {
    Counter c = counters.lookup(1);
    if (c == null) {
      return Xdp.PASS;
    }
    long now = Bpf.ktimeGetNs();
    Bpf.spinLock(c.lock);
    c.n = c.n + 1;
    c.last = now;
    Bpf.spinUnlock(c.lock);
    return Xdp.PASS;
  }

  private SpinLock() {}
}
