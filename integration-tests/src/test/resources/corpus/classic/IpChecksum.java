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
 * The internet checksum (RFC 1071) of the IPv4 header: a socket filter copies the first 20 bytes
 * of the network header into a stack {@code byte[20]} with {@code loadBytes}, clears the checksum
 * field, sums the ten big-endian words and folds the carries in a bounded loop. Returns the
 * checksum, or loadBytes' negative errno when the packet is shorter than 20 bytes; counts headers
 * whose stored checksum is right (slot 0) and wrong (slot 1). The C version is
 * c/classic/ip_checksum.c.
 */
@License("GPL")
public final class IpChecksum {
  static final int IP_HLEN = 20;

  @Struct
  public static final class Tally {
    @Atomic public long headers;
  }

  @Map(type = MapType.ARRAY, maxEntries = 2)
  static BpfMap<Integer, Tally> tally;

  @Section("socket")
  public static int checksum(SkBuff skb) {
    byte[] hdr = new byte[IP_HLEN];
    int err = skb.loadBytes(0, hdr);
    if (err < 0) {
      return err;
    }
    int stored = ((hdr[10] & 0xff) << 8) | (hdr[11] & 0xff);
    hdr[10] = 0;
    hdr[11] = 0;
    int sum = 0;
    for (int i = 0; i < IP_HLEN; i += 2) {
      sum += ((hdr[i] & 0xff) << 8) | (hdr[i + 1] & 0xff);
    }
    int csum = ~fold(sum) & 0xffff;
    Tally t = tally.lookup(csum == stored ? 0 : 1);
    if (t != null) {
      t.headers++;
    }
    return csum;
  }

  /** Adds the carries back in until none is left: at most twice for a sum of ten words. */
  static int fold(int sum) {
    for (int k = 0; k < 4 && (sum >>> 16) != 0; k++) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return sum;
  }

  private IpChecksum() {}
}
