package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.TailCallTarget;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/** A dispatcher tail-calling through a prog array, and a program that tail-calls itself. */
@License("GPL")
final class TailCallPrograms {
  @Map(type = MapType.PROG_ARRAY, maxEntries = 4)
  static ProgArray jumps;

  /** [0]: the slot dispatch jumps to; [1]: how often loop ran. */
  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Integer> state;

  @Section("socket")
  static int dispatch(SkBuff skb) {
    int slot = state.lookup(0);
    Bpf.printk("dispatch to %d", slot);
    jumps.tailCall(skb, slot);
    Bpf.printk("fell through");
    return 100;
  }

  @TailCallTarget(map = "jumps", index = 1)
  @Section("socket")
  static int first(SkBuff skb) {
    Bpf.printk("first, len %d", skb.len());
    return 1;
  }

  /** Counts its runs, then tail-calls slot 2 (itself, once a test puts it there). */
  @Section("socket")
  static int loop(SkBuff skb) {
    state.update(1, state.lookup(1) + 1, BpfMap.ANY);
    jumps.tailCall(skb, 2);
    return -1;
  }

  /** Like loop, but tries the empty slot 3 first. */
  @Section("socket")
  static int loopPastEmpty(SkBuff skb) {
    state.update(1, state.lookup(1) + 1, BpfMap.ANY);
    jumps.tailCall(skb, 3);
    jumps.tailCall(skb, 2);
    return -2;
  }

  @Section("xdp")
  static int xdp(XdpMd ctx) {
    return 2;
  }

  private TailCallPrograms() {}
}
