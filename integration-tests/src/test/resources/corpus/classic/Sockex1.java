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
 * The kernel's samples/bpf/sockex1: bytes per IP protocol in an ARRAY of 256 longs, indexed by the
 * protocol byte of the IPv4 header (offset 9 from the network header, where a socket filter's data
 * starts). The sample counts only PACKET_OUTGOING, which a test run never shows; this version skips
 * PACKET_OTHERHOST instead, and keeps (returns the length of) the packets it counts. The C version
 * is c/classic/sockex1.c.
 */
@License("GPL")
public final class Sockex1 {
  static final int PROTOCOL_OFFSET = 9;
  static final int PACKET_OTHERHOST = 3;

  /** A counter the program adds to atomically, as the C version's __sync_fetch_and_add does. */
  @Struct
  public static final class Bytes {
    @Atomic public long value;
  }

  @Map(type = MapType.ARRAY, maxEntries = 256)
  static BpfMap<Integer, Bytes> myMap;

  @Section("socket")
  public static int bpfProg1(SkBuff skb) {
    int index = skb.loadByte(PROTOCOL_OFFSET);
    if (skb.pktType() == PACKET_OTHERHOST) {
      return 0;
    }
    Bytes bytes = myMap.lookup(index);
    if (bytes != null) {
      bytes.value += skb.len();
    }
    return skb.len();
  }

  private Sockex1() {}
}
