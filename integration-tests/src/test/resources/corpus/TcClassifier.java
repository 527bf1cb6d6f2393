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
 * A tc classifier counting packets and bytes per ifindex (HASH, inserted on first sight), letting
 * IPv4 frames up to a configured length pass and shooting everything else; the decision is made in
 * a BPF-to-BPF call that reads the policy map itself.
 */
@License("GPL")
public final class TcClassifier {
  static final int PASSED = 0;
  static final int DROPPED = 1;

  @Struct
  public static final class Count {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Struct
  public static final class Policy {
    public int maxLen;
  }

  @Map(type = MapType.HASH, maxEntries = 16)
  static BpfMap<Integer, Count> perIfindex;

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Count> verdicts;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Policy> policy;

  @Section("tc")
  public static int classify(SkBuff skb) {
    int len = skb.len();
    int ifindex = skb.ifindex();
    Count c = perIfindex.lookup(ifindex);
    if (c == null) {
      Count fresh = new Count();
      fresh.packets = 1;
      fresh.bytes = len;
      perIfindex.update(ifindex, fresh, BpfMap.NOEXIST);
    } else {
      c.packets += 1;
      c.bytes += len;
    }
    int verdict = decide(skb.protocol(), len);
    Count v = verdicts.lookup(verdict == Tc.ACT_OK ? PASSED : DROPPED);
    if (v != null) {
      v.packets++;
      v.bytes += len;
    }
    return verdict;
  }

  static int decide(int protocol, int len) {
    if (protocol != Bpf.htons(0x0800)) {
      return Tc.ACT_SHOT;
    }
    Policy p = policy.lookup(0);
    if (p != null && p.maxLen > 0 && len > p.maxLen) {
      return Tc.ACT_SHOT;
    }
    return Tc.ACT_OK;
  }

  private TcClassifier() {}
}
