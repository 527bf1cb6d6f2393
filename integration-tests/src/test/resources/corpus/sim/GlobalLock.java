package corpus.sim;

import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfSpinLock;
import io.bpf4j.lang.XdpMd;

/** For the simulator: a bpf_spin_lock in a global struct (.bss), guarding two counters. */
@License("GPL")
public final class GlobalLock {
  @Struct
  public static final class Guarded {
    public BpfSpinLock lock;
    public long packets;
    public long bytes;
  }

  @Global static Guarded totals = new Guarded();

  @Section("xdp")
  public static int count(XdpMd ctx) {
    int len = ctx.length();
    Bpf.spinLock(totals.lock);
    totals.packets = totals.packets + 1;
    totals.bytes = totals.bytes + len;
    Bpf.spinUnlock(totals.lock);
    return 2;
  }

  private GlobalLock() {}
}
