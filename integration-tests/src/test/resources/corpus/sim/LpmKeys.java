package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: an LPM_TRIE whose keys come from the packet. The prefix length is a packet
 * byte (often beyond the 32 bits of data: lookups find nothing, updates are -EINVAL), the address
 * is the IPv4 source; the frame decides whether to look up, insert (with its flags) or delete.
 */
@License("GPL")
public final class LpmKeys {
  @Struct
  public static final class Prefix {
    public int prefixLen;
    public byte a;
    public byte b;
    public byte c;
    public byte d;
  }

  @Map(type = MapType.LPM_TRIE, maxEntries = 12)
  static BpfMap<Prefix, Integer> routes;

  /** A key with padding: 2 data bytes, 2 of padding, 4 more; 64 bits of prefix in all. */
  @Struct
  public static final class PortPrefix {
    public int prefixLen;
    public short port;
    public int addr;
  }

  @Map(type = MapType.LPM_TRIE, maxEntries = 6)
  static BpfMap<PortPrefix, Long> byPort;

  @Section("socket")
  public static int lookupSource(SkBuff skb) {
    Prefix k = new Prefix();
    fill(k, skb, skb.loadByte(22) & 63);
    Integer r = routes.lookup(k);
    return r == null ? -1 : r;
  }

  @Section("socket")
  public static int change(SkBuff skb) {
    int len = skb.len();
    int op = skb.loadByte(24) & 7;
    Prefix k = new Prefix();
    fill(k, skb, (skb.loadByte(25) & 31) + (op & 1) * 20);
    if (op < 2) {
      return routes.update(k, len, BpfMap.ANY);
    }
    if (op == 2) {
      return routes.update(k, len, BpfMap.NOEXIST);
    }
    if (op == 3) {
      return routes.update(k, len, BpfMap.EXIST);
    }
    if (op == 4 || op == 6) {
      return routes.delete(k);
    }
    Integer r = routes.lookup(k);
    return r == null ? -1 : r;
  }

  /** Looks the source up with a prefix length of 32 to 63: beyond the data from 33 on. */
  @Section("socket")
  public static int lookupWide(SkBuff skb) {
    Prefix k = new Prefix();
    fill(k, skb, 32 + (skb.len() & 31));
    Integer r = routes.lookup(k);
    return r == null ? -1 : r;
  }

  /** Inserts, deletes and looks up port/address prefixes taken from a TCP or UDP header. */
  @Section("socket")
  public static int ports(SkBuff skb) {
    int op = skb.loadByte(36) & 3;
    PortPrefix k = new PortPrefix();
    k.prefixLen = skb.loadByte(37) & 127;
    k.port = (short) skb.loadHalf(34);
    k.addr = skb.loadWord(30);
    if (op == 0) {
      return byPort.update(k, (long) skb.len(), BpfMap.ANY);
    }
    if (op == 1) {
      return byPort.delete(k);
    }
    Long v = byPort.lookup(k);
    return v == null ? -1 : (int) (long) v;
  }

  private static void fill(Prefix k, SkBuff skb, int prefixLen) {
    k.prefixLen = prefixLen;
    k.a = (byte) skb.loadByte(26);
    k.b = (byte) skb.loadByte(27);
    k.c = (byte) skb.loadByte(28);
    k.d = (byte) skb.loadByte(29);
  }

  private LpmKeys() {}
}
