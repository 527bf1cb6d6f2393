package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Tc;

/**
 * For the simulator: tc reads after a {@code linearLength()} test, which compile to direct loads
 * without checks of their own where the test proves them in bounds, in the test's symmetric forms,
 * and reads past what it proves (the slow way, which fails a read past the end), on frames of
 * every length.
 */
@License("GPL")
public final class TcLinearReads {
  @Section("tc")
  public static int headerFields(SkBuff skb) {
    if (skb.linearLength() < 34) {
      return Tc.ACT_OK;
    }
    int type = skb.loadHalf(12);
    int ttl = skb.loadByte(22);
    int dst = skb.loadWord(30);
    if (type != 0x0800) {
      return ttl + 1;
    }
    // Past the 34 bytes the test proves: the slow way, ending the program with 0 past the end.
    return (dst ^ ttl) + skb.loadHalf(40);
  }

  @Section("tcx/ingress")
  public static int symmetricForms(SkBuff skb) {
    int r = 1;
    if (20 <= skb.linearLength()) {
      r += skb.loadWord(16);
    }
    if (skb.linearLength() > 13) {
      r ^= skb.loadHalf(12) << 3;
    }
    if (8 > skb.linearLength()) {
      return r - 5;
    }
    if (skb.linearLength() <= 6) {
      return 7;
    }
    return r + skb.loadByte(5) * 3 + skb.loadByte(7);
  }

  private TcLinearReads() {}
}
