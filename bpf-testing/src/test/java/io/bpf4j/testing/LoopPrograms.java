package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/** Bpf.loop: sums indexes until the callback stops at the packet length. */
@License("GPL")
final class LoopPrograms {
  @Struct
  static final class Acc {
    long sum;
    int stopAt;
  }

  static long add(int index, Acc acc) {
    if (index == acc.stopAt) {
      return 1;
    }
    acc.sum += index;
    return 0;
  }

  /** The number of calls bpf_loop made, times 1000000, plus the sum. */
  @Section("socket")
  static int sumUntilLength(SkBuff skb) {
    Acc acc = new Acc();
    acc.stopAt = skb.len();
    int calls = Bpf.loop(1000, LoopPrograms::add, acc);
    return calls * 1_000_000 + (int) acc.sum;
  }

  private LoopPrograms() {}
}
