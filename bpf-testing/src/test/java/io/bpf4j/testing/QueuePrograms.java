package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfQueue;
import io.bpf4j.lang.BpfStack;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/** QUEUE and STACK maps. */
@License("GPL")
final class QueuePrograms {
  @Struct
  static final class Sample {
    int len;
    long seq;
  }

  @Map(type = MapType.QUEUE, maxEntries = 3)
  static BpfQueue<Long> lengths;

  @Map(type = MapType.STACK, maxEntries = 3)
  static BpfStack<Integer> recent;

  @Map(type = MapType.QUEUE, maxEntries = 2)
  static BpfQueue<Sample> samples;

  /** Pushes the length into the queue and the stack; returns the stack push's result. */
  @Section("socket")
  static int record(SkBuff skb) {
    int len = skb.len();
    lengths.push((long) len, 0);
    Sample s = new Sample();
    s.len = len;
    s.seq = len * 10L;
    samples.push(s, BpfMap.EXIST);
    s.len = -1; // the map holds a copy
    return recent.push(len, 0);
  }

  /** Pops the queue's oldest length, or -1. */
  @Section("socket")
  static int popLength(SkBuff skb) {
    Long v = lengths.pop();
    return v == null ? -1 : (int) (long) v;
  }

  /** Peeks at the stack's newest length, or -1. */
  @Section("socket")
  static int peekRecent(SkBuff skb) {
    Integer v = recent.peek();
    return v == null ? -1 : v;
  }

  /** Pushes with flags that queues refuse (BPF_NOEXIST). */
  @Section("socket")
  static int badFlags(SkBuff skb) {
    return lengths.push(1L, BpfMap.NOEXIST);
  }

  private QueuePrograms() {}
}
