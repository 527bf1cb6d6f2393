package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** A program of another class, to put into TailCallPrograms' slots. */
@License("GPL")
final class OtherProgram {
  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> seen;

  @Section("socket")
  static int other(SkBuff skb) {
    seen.update(0, seen.lookup(0) + 1, BpfMap.ANY);
    Bpf.printk("other on cpu %d", Bpf.getSmpProcessorId());
    return 7;
  }

  private OtherProgram() {}
}
