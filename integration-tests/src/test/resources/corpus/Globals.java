package corpus;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/**
 * Global variables of every shape, written by BPF code and read back from user space, and two
 * configuration values set before load.
 */
@License("GPL")
public final class Globals {
  @Struct
  public static final class Stats {
    public long packets;
    public int lastLen;
  }

  @Global static long total;
  @Global @Atomic static long atomicCount;
  @Global static int seed = 7;
  @Global static long[] hist = new long[4];
  @Global static int[] weights = {1, 2, 3, 5};
  @Global static byte small = -2;
  @Global static Stats stats = new Stats();
  @Config static int multiplier = 3;
  @Config static boolean verbose;

  @Section("socket")
  public static int count(SkBuff skb) {
    int len = skb.len();
    total += len;
    atomicCount += 1;
    seed = seed * 31 + len;
    hist[len & 3]++;
    stats.packets++;
    stats.lastLen = len;
    small--;
    int w = weights[len & 3];
    if (verbose) {
      Bpf.printk("len %d weight %d\n", len, w);
    }
    return len * multiplier + w;
  }
}
