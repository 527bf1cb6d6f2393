package io.bpf4j.testing;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;

/** Global variables and configuration, for the simulator's globals tests. */
@License("GPL")
final class GlobalPrograms {
  @Struct
  static final class Last {
    int len;
    long seen;
  }

  @Global static long total;
  @Global @Atomic static long packets;
  @Global static int seed = 7;
  @Global static long[] hist = new long[4];
  @Global static Last last;
  @Config static int multiplier = 3;
  @Config static boolean verbose;

  @Section("socket")
  static int count(SkBuff skb) {
    int len = skb.len();
    total += len;
    packets += 1;
    seed = seed * 31 + len;
    hist[len & 3]++;
    last.len = len;
    last.seen++;
    return verbose ? -1 : len * multiplier;
  }
}
