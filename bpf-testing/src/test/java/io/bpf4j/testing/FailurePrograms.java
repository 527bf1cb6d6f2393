package io.bpf4j.testing;

import io.bpf4j.annotations.Helper;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** Programs that do what Java throws for, and what the simulator cannot run. */
@License("GPL")
final class FailurePrograms {
  @Struct
  static final class Slot {
    int value;
  }

  @Map(type = MapType.HASH, maxEntries = 4)
  static BpfMap<Integer, Slot> slots;

  @Helper(id = 7)
  static native int prandom();

  @Section("socket")
  static int divide(SkBuff skb) {
    Bpf.printk("before");
    return 100 / (skb.len() - 46);
  }

  @Section("socket")
  static int nullValue(SkBuff skb) {
    Slot s = slots.lookup(skb.len());
    return s.value + 1;
  }

  @Section("socket")
  static int unboxNull(SkBuff skb) {
    BpfMap<Integer, Slot> unused = slots;
    Integer missing = null;
    return unused == null ? 0 : missing + 1;
  }

  @Section("socket")
  static int outOfBounds(SkBuff skb) {
    int[] table = new int[4];
    return table[skb.len() & 7] + 1;
  }

  @Section("socket")
  static int callsHelperNative(SkBuff skb) {
    return prandom();
  }

  @Section("socket")
  static int throwsSomethingElse(SkBuff skb) {
    throw new IllegalStateException("not BPF code");
  }

  @Section("socket")
  static int printkWithoutArguments(SkBuff skb) {
    return Bpf.printk("%d and %d", skb.len());
  }

  private FailurePrograms() {}
}
