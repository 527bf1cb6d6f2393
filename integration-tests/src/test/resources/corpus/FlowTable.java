package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Per-flow statistics in a HASH map keyed by a @Struct (EtherType, packet type, size class) with a
 * padding byte, so a lookup only hits when the key's padding is zeroed; the value mixes 8-, 4-, 2-
 * and 1-byte fields. A new flow is inserted with NOEXIST (returns 1), a known one updated in place
 * (returns 2).
 */
@License("GPL")
public final class FlowTable {
  @Struct
  public static final class FlowKey {
    public char etherType;
    public byte pktType;
    public int sizeClass;
  }

  @Struct
  public static final class FlowStats {
    public long packets;
    public long bytes;
    public short minLen;
    public short maxLen;
    public int lastLen;
    public byte lastPktType;
  }

  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<FlowKey, FlowStats> flows;

  @Section("socket")
  public static int track(SkBuff skb) {
    int len = skb.len();
    FlowKey key = new FlowKey();
    key.etherType = (char) Bpf.ntohs(skb.protocol());
    key.pktType = (byte) skb.pktType();
    key.sizeClass = len < 100 ? 0 : len < 1000 ? 1 : 2;
    FlowStats s = flows.lookup(key);
    if (s == null) {
      FlowStats fresh = new FlowStats();
      fresh.packets = 1;
      fresh.bytes = len;
      fresh.minLen = (short) len;
      fresh.maxLen = (short) len;
      fresh.lastLen = len;
      fresh.lastPktType = key.pktType;
      return flows.update(key, fresh, BpfMap.NOEXIST) == 0 ? 1 : 0;
    }
    account(s, len, key.pktType);
    return 2;
  }

  static void account(FlowStats s, int len, byte pktType) {
    s.packets++;
    s.bytes += len;
    if (len < s.minLen) {
      s.minLen = (short) len;
    }
    if (len > s.maxLen) {
      s.maxLen = (short) len;
    }
    s.lastLen = len;
    s.lastPktType = pktType;
  }

  private FlowTable() {}
}
