package corpus.classic;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Per-flow counters in a HASH map keyed by the IPv4 5-tuple (a @Struct with a padding byte after
 * the protocol and two at the end, which must be zero for a lookup to find the flow again). A tc
 * program: the whole frame, so the IPv4 header starts at 14; the header length comes from the IHL
 * field, so the ports are read at a variable offset. Returns 0 for frames that are not IPv4, 1 for
 * a new flow, 2 for a known one. The C version is c/classic/flow_counters.c.
 */
@License("GPL")
public final class FlowCounters {
  static final int ETH_HLEN = 14;
  static final int ETH_P_IP = 0x0800;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;

  @Struct
  public static final class FlowKey {
    public int srcIp;
    public int dstIp;
    public byte protocol;
    public char srcPort;
    public char dstPort;
  }

  @Struct
  public static final class FlowStats {
    @Atomic public long packets;
    @Atomic public long bytes;
  }

  @Map(type = MapType.HASH, maxEntries = 1024)
  static BpfMap<FlowKey, FlowStats> flows;

  @Section("tc")
  public static int countFlow(SkBuff skb) {
    if (skb.loadHalf(12) != ETH_P_IP) {
      return 0;
    }
    int ihl = (skb.loadByte(ETH_HLEN) & 0xf) << 2;
    FlowKey key = new FlowKey();
    key.protocol = (byte) skb.loadByte(ETH_HLEN + 9);
    key.srcIp = skb.loadWord(ETH_HLEN + 12);
    key.dstIp = skb.loadWord(ETH_HLEN + 16);
    if (key.protocol == IPPROTO_TCP || key.protocol == IPPROTO_UDP) {
      key.srcPort = (char) skb.loadHalf(ETH_HLEN + ihl);
      key.dstPort = (char) skb.loadHalf(ETH_HLEN + ihl + 2);
    }
    int len = skb.len();
    FlowStats stats = flows.lookup(key);
    if (stats != null) {
      stats.packets += 1;
      stats.bytes += len;
      return 2;
    }
    FlowStats fresh = new FlowStats();
    fresh.packets = 1;
    fresh.bytes = len;
    flows.update(key, fresh, BpfMap.NOEXIST);
    return 1;
  }

  private FlowCounters() {}
}
