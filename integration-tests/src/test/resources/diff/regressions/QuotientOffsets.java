package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.XdpMd;

/**
 * The range pass knew that {@code x % 3} of a non-negative x lies in [0, 2] and dropped the mask
 * and bounds checks after it; the verifier knows nothing of a quotient or remainder, so it refused
 * the packet read (and would the array index) whose check was gone.
 */
@License("GPL")
public final class QuotientOffsets {
  @Section("xdp")
  public static int modOffset(XdpMd ctx) {
    return ctx.loadByte((ctx.loadHalf(20) % 3) & 15);
  }

  @Section("xdp")
  public static int divOffset(XdpMd ctx) {
    return ctx.loadByte(ctx.loadByte(20) / 40);
  }

  @Section("socket")
  public static int modIndex(SkBuff ctx) {
    int[] a = new int[4];
    a[1] = 7;
    return a[(ctx.len() % 4) & 3] + a[ctx.len() % 3];
  }
}
