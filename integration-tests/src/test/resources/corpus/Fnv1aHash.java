package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * 64-bit FNV-1a over the little-endian bytes of len, protocol, pkt_type and ifindex (nested
 * constant loops in a BPF-to-BPF call, 64-bit constants and multiplication). The hash is stored
 * in a HASH map under the length; the program returns it folded to 32 bits.
 */
@License("GPL")
public final class Fnv1aHash {
  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<Integer, Long> hashes;

  @Section("socket")
  public static int hash(SkBuff skb) {
    long h = FNV_OFFSET;
    h = mix(h, skb.len());
    h = mix(h, skb.protocol());
    h = mix(h, skb.pktType());
    h = mix(h, skb.ifindex());
    hashes.update(skb.len(), h, BpfMap.ANY);
    return (int) (h ^ (h >>> 32));
  }

  static long mix(long h, int v) {
    for (int k = 0; k < 4; k++) {
      h ^= (v >>> (8 * k)) & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  private Fnv1aHash() {}
}
