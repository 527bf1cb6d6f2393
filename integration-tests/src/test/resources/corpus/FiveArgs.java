package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * BPF-to-BPF calls with the maximum of five arguments of mixed types (int, long, short, byte,
 * int), calling further helpers two levels deep; the result mixes the context fields with a salt
 * from a map.
 */
@License("GPL")
public final class FiveArgs {
  @Struct
  public static final class Salt {
    public int salt;
    public long weight;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Salt> salts;

  @Section("socket")
  public static int combineFields(SkBuff skb) {
    Salt s = salts.lookup(0);
    int salt = s == null ? 0 : s.salt;
    long weight = s == null ? 1 : s.weight;
    long m = combine(skb.len(), weight, (short) skb.protocol(), (byte) skb.pktType(), salt);
    return fold(m);
  }

  static long combine(int len, long weight, short proto, byte type, int salt) {
    long acc = len * weight;
    acc = acc * 31 + proto;
    acc = acc * 31 + type;
    acc ^= rotate(salt, len & 31);
    return acc;
  }

  static int rotate(int v, int n) {
    return (v << n) | (v >>> (32 - n));
  }

  static int fold(long v) {
    return (int) (v ^ (v >>> 32));
  }

  private FiveArgs() {}
}
