package golden;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;

/** Global variables in .bss, .data and .rodata: loads, stores, an atomic add, arrays, a struct. */
@License("GPL")
public final class Globals {
  @Struct
  public static final class Last {
    public int len;
    public long when;
  }

  @Global static long bytes;
  @Global @Atomic static long packets;
  @Global static int[] weights = {1, 2, 3, 5};
  @Global static Last last = new Last();
  @Config static boolean debug;
  @Config static int scale = 3;

  @Section("socket")
  public static int account(SkBuff skb) {
    int len = skb.len();
    bytes += len;
    packets += 1;
    last.len = len;
    int w = weights[len & 3];
    if (debug) {
      return -1;
    }
    return w * scale;
  }
}
