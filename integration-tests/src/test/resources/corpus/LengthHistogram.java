package corpus;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * A packet-size histogram: bucket 0 holds lengths below 64, bucket k (1..6) lengths in [2^(k+5),
 * 2^(k+6)), bucket 7 everything from 4096 on. Returns the bucket.
 */
@License("GPL")
public final class LengthHistogram {
  static final int BUCKETS = 8;

  @Struct
  public static final class Bucket {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Map(type = MapType.ARRAY, maxEntries = BUCKETS)
  static BpfMap<Integer, Bucket> histogram;

  @Section("socket")
  public static int countLength(SkBuff skb) {
    int len = skb.len();
    int b = bucket(len);
    Bucket h = histogram.lookup(b);
    if (h != null) {
      h.packets++;
      h.bytes += len;
    }
    return b;
  }

  static int bucket(int len) {
    int b = 0;
    for (int limit = 64; b < BUCKETS - 1 && len >= limit; limit <<= 1) {
      b++;
    }
    return b;
  }

  private LengthHistogram() {}
}
