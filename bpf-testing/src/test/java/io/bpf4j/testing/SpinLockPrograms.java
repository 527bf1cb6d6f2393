package io.bpf4j.testing;

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

/** A counter updated under a bpf_spin_lock, and a program that takes the lock twice. */
@License("GPL")
final class SpinLockPrograms {
  @Struct
  static final class Counter {
    BpfSpinLock lock;
    long n;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Counter> counters;

  @Section("xdp")
  static int increment(XdpMd ctx) {
    Counter c = counters.lookup(0);
    if (c == null) {
      return Xdp.ABORTED;
    }
    Bpf.spinLock(c.lock);
    c.n = c.n + 1;
    Bpf.spinUnlock(c.lock);
    return Xdp.PASS;
  }

  /** What javac refuses in BPF code; the JVM refuses it at run time. */
  static void lockTwice(Counter c) {
    Bpf.spinLock(c.lock);
    Bpf.spinLock(c.lock);
  }

  private SpinLockPrograms() {}
}
