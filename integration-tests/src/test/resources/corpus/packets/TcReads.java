package corpus.packets;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * Packet reads in tc of UDP datagrams to port {@value #PORT}, recorded in {@code seen}: reads at
 * constant and computed offsets, near the start (in any skb's linear part) and deep in a large
 * frame (beyond the linear part of a paged skb, where only the slower way reaches). {@code
 * record} fails a read past the end as LD_ABS does; {@code recordOnFault} has an onFault, so its
 * slower way is bpf_skb_load_bytes. Each writes its own half of {@code seen}.
 */
@License("GPL")
public final class TcReads {
  static final int PORT = 47210;

  /** Slots per program: see {@link #recordInto}. */
  static final int SLOTS = 10;

  @Map(type = MapType.ARRAY, maxEntries = 2 * SLOTS)
  static BpfMap<Integer, Integer> seen;

  @Section("tc")
  public static int record(SkBuff skb) {
    return recordInto(skb, 0);
  }

  @Section(value = "tc", onFault = Tc.ACT_UNSPEC)
  public static int recordOnFault(SkBuff skb) {
    return recordInto(skb, SLOTS);
  }

  static int recordInto(SkBuff skb, int base) {
    if (skb.loadHalf(12) != 0x0800 || skb.loadByte(23) != 17) {
      return Tc.ACT_OK;
    }
    int udp = 14 + (skb.loadByte(14) & 0x0f) * 4;
    if (skb.loadHalf(udp + 2) != PORT) {
      return Tc.ACT_OK;
    }
    int len = skb.len();
    seen.update(base, len, BpfMap.ANY);
    seen.update(base + 1, skb.loadWord(udp + 8), BpfMap.ANY);
    seen.update(base + 2, skb.loadHalf(1000), BpfMap.ANY);
    seen.update(base + 3, skb.loadWord(2001), BpfMap.ANY);
    seen.update(base + 4, skb.loadByte(len - 1), BpfMap.ANY);
    byte[] buf = new byte[8];
    seen.update(base + 5, skb.loadBytes(1500, buf), BpfMap.ANY);
    int copied = (buf[0] & 0xff) << 24 | (buf[1] & 0xff) << 16 | (buf[7] & 0xff);
    seen.update(base + 6, copied, BpfMap.ANY);
    seen.update(base + 7, skb.loadBytes(len - 8, buf) == 0 ? 1 : 2, BpfMap.ANY);
    seen.update(base + 8, 1, BpfMap.ANY);
    // Past the end: fails the program (0, or the onFault), so slot 9 stays unwritten.
    seen.update(base + 9, skb.loadByte(len), BpfMap.ANY);
    return Tc.ACT_OK;
  }

  private TcReads() {}
}
