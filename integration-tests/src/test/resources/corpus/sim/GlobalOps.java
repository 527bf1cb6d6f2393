package corpus.sim;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: globals of every width in .bss and .data, arrays indexed by packet bytes,
 * {@code @Atomic} compound updates of every operator, a struct global, and {@code @Config} values
 * (.rodata) that change both the result and what is written.
 */
@License("GPL")
public final class GlobalOps {
  @Struct
  public static final class Last {
    public int len;
    public short proto;
    public long sum;
    public byte[] tail = new byte[3];
  }

  @Struct
  public static final class Limits {
    public int lo;
    public long hi;
    public byte scale;
  }

  @Global static long bytes;
  @Global static int packets = 5;
  @Global static short lastShort;
  @Global static byte lastByte = 9;
  @Global static boolean sawBig;
  @Global static char lastChar;
  @Global static long[] byClass = new long[8];
  @Global static int[] weights = {3, 1, 4, 1, 5, 9, 2, 6};
  @Global static Last last = new Last();
  @Global @Atomic static long atomAdd;
  @Global @Atomic static long atomOr;
  @Global @Atomic static long atomAnd = -1;
  @Global @Atomic static long atomXor;
  @Global @Atomic static int atomSub = 1000;
  @Config static int shift = 1;
  @Config static long mask = 0xff;
  @Config static boolean countBig;
  @Config static int bigAt = 500;
  @Config static int[] steps = {1, 2, 3, 4};
  @Config static Limits limits = new Limits();
  @Global static byte[] lastBytes = new byte[6];
  @Global static short[] shorts = new short[3];

  @Section("socket")
  public static int update(SkBuff skb) {
    int len = skb.len();
    int b = skb.loadByte(23);
    int cls = (b ^ len) & 7;
    bytes += len;
    packets++;
    lastShort = (short) (len * 77);
    lastByte += (byte) b;
    lastChar = (char) (len * 1000);
    byClass[cls] += len;
    weights[len & 7] = weights[cls] * 3 + 1;
    last.len = len;
    last.proto = (short) b;
    last.sum += len;
    last.tail[len % 3] = (byte) (b + limits.scale);
    if (len > limits.lo && len < limits.hi) {
      packets += 100;
    }
    atomAdd += len;
    atomOr |= 1L << (b & 63);
    atomAnd &= ~(1L << (len & 63));
    atomXor ^= (long) len << shift;
    atomSub -= b;
    if (countBig && len > bigAt) {
      sawBig = true;
    }
    lastBytes[len % 6] = (byte) b;
    shorts[cls % 3] += (short) (len * steps[b & 3]);
    atomAdd += steps[len & 3];
    return (int) ((len << shift) & mask) + weights[cls];
  }

  private GlobalOps() {}
}
