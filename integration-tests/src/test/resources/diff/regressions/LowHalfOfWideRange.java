package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/**
 * A 32-bit operation whose second operand's 64-bit range is not within 32 bits: the range pass
 * took the low half of the range's lower end as the operand's only value, so {@code (b ^ x) & 15}
 * looked like 0 or 1 and lost its mask. In XDP the unmasked offset made the verifier refuse the
 * packet read; in a socket filter the program returned a wrong value.
 */
@License("GPL")
public final class LowHalfOfWideRange {
  @Struct
  public static final class Flag {
    public int pad;
    public boolean on;
  }

  @Section("xdp")
  public static int xdpOffset(XdpMd ctx) {
    Flag f = new Flag();
    int len = ctx.length();
    return ctx.loadHalf(((f.on ? 1 : 0) ^ len) & 15);
  }

  @Section("socket")
  public static int lowHalf(SkBuff ctx) {
    boolean odd = (ctx.len() & 1) != 0;
    long wide = ctx.len() - 4294967296L;
    int low = (int) wide;
    return ((odd ? 1 : 0) ^ low) & 15;
  }
}
