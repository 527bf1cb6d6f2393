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
 * A tcx/ingress guard: frames for this host go on to the next program (TCX_NEXT, -1), broadcasts
 * pass, multicast passes only for IPv6 (neighbour discovery), frames for other hosts are dropped.
 * Counts frames per packet type.
 */
@License("GPL")
public final class TcxGuard {
  @Struct
  public static final class Seen {
    @Atomic public long packets;
  }

  @Map(type = MapType.ARRAY, maxEntries = 4)
  static BpfMap<Integer, Seen> byPktType;

  @Section("tcx/ingress")
  public static int guard(SkBuff skb) {
    int type = skb.pktType();
    Seen s = byPktType.lookup(type);
    if (s != null) {
      s.packets++;
    }
    switch (type) {
      case 0:
        return Tc.TCX_NEXT;
      case 1:
        return Tc.TCX_PASS;
      case 2:
        return skb.protocol() == Bpf.htons(0x86DD) ? Tc.TCX_PASS : Tc.TCX_DROP;
      case 3:
        return Tc.TCX_DROP;
      default:
        return Tc.TCX_NEXT;
    }
  }

  private TcxGuard() {}
}
