package corpus;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * A tc classifier remembering frame lengths in an LRU_HASH (value: 8-, 4-, 2- and 1-byte fields)
 * with first/last-seen timestamps, the drop count and the last verdict, dropping frames longer
 * than a configured limit.
 */
@License("GPL")
public final class LruCounter {
  @Struct
  public static final class Seen {
    @Atomic public long packets;
    public long firstNs;
    public long lastNs;
    public int len;
    public short drops;
    public byte lastVerdict;
  }

  @Struct
  public static final class Limit {
    public int maxLen;
  }

  @Map(type = MapType.LRU_HASH, maxEntries = 128)
  static BpfMap<Integer, Seen> seen;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Limit> limits;

  @Section("tc")
  public static int remember(SkBuff skb) {
    int len = skb.len();
    long now = Bpf.ktimeGetNs();
    Limit l = limits.lookup(0);
    int verdict = l != null && l.maxLen > 0 && len > l.maxLen ? Tc.ACT_SHOT : Tc.ACT_OK;
    Seen s = seen.lookup(len);
    if (s != null) {
      s.packets += 1;
      s.lastNs = now;
      if (verdict == Tc.ACT_SHOT) {
        s.drops++;
      }
      s.lastVerdict = (byte) verdict;
    } else {
      Seen fresh = new Seen();
      fresh.packets = 1;
      fresh.firstNs = now;
      fresh.lastNs = now;
      fresh.len = len;
      fresh.drops = (short) (verdict == Tc.ACT_SHOT ? 1 : 0);
      fresh.lastVerdict = (byte) verdict;
      seen.update(len, fresh, BpfMap.NOEXIST);
    }
    return verdict;
  }

  private LruCounter() {}
}
