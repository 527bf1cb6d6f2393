package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/** Bpf.loop with a method reference and a lambda: bpf_loop with BPF_PSEUDO_FUNC callbacks. */
public final class BpfLoop {
  @Struct
  public static final class Acc {
    public long sum;
    public int limit;
  }

  static long add(int index, Acc acc) {
    if (index >= acc.limit) {
      return 1;
    }
    acc.sum += index;
    return 0;
  }

  @Section("socket")
  public static int sum(SkBuff skb) {
    Acc acc = new Acc();
    acc.limit = skb.len();
    int n = Bpf.loop(1000, BpfLoop::add, acc);
    Bpf.loop(4, (i, a) -> {
      a.sum += 1;
      return 0;
    }, acc);
    return (int) acc.sum + n;
  }

  private BpfLoop() {}
}
