package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfQueue;
import io.bpf4j.lang.BpfStack;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * QUEUE and STACK maps: one program pushes each packet's length into a queue and a stack (and a
 * @Struct sample into a small queue that overwrites its oldest entry when full); the others pop
 * and peek what user space pushed.
 */
@License("GPL")
public final class QueueAndStack {
  @Struct
  public static final class Sample {
    public int len;
    public long seq;
  }

  @Map(type = MapType.QUEUE, maxEntries = 8)
  static BpfQueue<Long> lengths;

  @Map(type = MapType.STACK, maxEntries = 8)
  static BpfStack<Integer> recent;

  @Map(type = MapType.QUEUE, maxEntries = 2)
  static BpfQueue<Sample> samples;

  @Map(type = MapType.QUEUE, maxEntries = 4)
  static BpfQueue<Integer> commands;

  @Map(type = MapType.STACK, maxEntries = 4)
  static BpfStack<Sample> requests;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> counter;

  /** Pushes the length everywhere; returns the stack push's result (0, or -E2BIG when full). */
  @Section("socket")
  public static int record(SkBuff skb) {
    int len = skb.len();
    lengths.push((long) len, 0);
    Long n = counter.lookup(0);
    long seq = n == null ? 0 : n;
    counter.update(0, seq + 1, BpfMap.ANY);
    Sample s = new Sample();
    s.len = len;
    s.seq = seq;
    samples.push(s, BpfMap.EXIST);
    return recent.push(len, 0);
  }

  /** Pops one command: its value, or -1 when the queue is empty. */
  @Section("socket")
  public static int popCommand(SkBuff skb) {
    Integer c = commands.pop();
    if (c == null) {
      return -1;
    }
    return c;
  }

  /** Peeks at the next command: its value, or -1 when the queue is empty. */
  @Section("socket")
  public static int peekCommand(SkBuff skb) {
    Integer c = commands.peek();
    return c == null ? -1 : c.intValue();
  }

  /** Pops the newest request: len * 1000 + seq, or -1 when the stack is empty. */
  @Section("socket")
  public static int popRequest(SkBuff skb) {
    Sample r = requests.pop();
    if (r == null) {
      return -1;
    }
    return r.len * 1000 + (int) r.seq;
  }

  private QueueAndStack() {}
}
