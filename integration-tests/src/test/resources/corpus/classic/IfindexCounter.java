package corpus.classic;

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
 * A tc classifier counting per ifindex in a HASH map (inserted on first sight): packets and bytes,
 * and how many it passed (IPv4, IPv6, ARP: TC_ACT_OK) and shot (any other EtherType:
 * TC_ACT_SHOT). The C version is c/classic/ifindex_counter.c.
 */
@License("GPL")
public final class IfindexCounter {
  @Struct
  public static final class IfStats {
    @Atomic public long packets;
    @Atomic public long bytes;
    @Atomic public long passed;
    @Atomic public long shot;
  }

  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<Integer, IfStats> perIfindex;

  @Section("tc")
  public static int countIfindex(SkBuff skb) {
    int verdict = verdictFor(Bpf.ntohs(skb.protocol()));
    int ifindex = skb.ifindex();
    IfStats s = perIfindex.lookup(ifindex);
    if (s == null) {
      IfStats fresh = new IfStats();
      perIfindex.update(ifindex, fresh, BpfMap.NOEXIST);
      s = perIfindex.lookup(ifindex);
      if (s == null) {
        return Tc.ACT_SHOT;
      }
    }
    s.packets += 1;
    s.bytes += skb.len();
    if (verdict == Tc.ACT_OK) {
      s.passed += 1;
    } else {
      s.shot += 1;
    }
    return verdict;
  }

  static int verdictFor(int etherType) {
    switch (etherType) {
      case 0x0800:
      case 0x86DD:
      case 0x0806:
        return Tc.ACT_OK;
      default:
        return Tc.ACT_SHOT;
    }
  }

  private IfindexCounter() {}
}
