package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.XdpMd;

/**
 * XDP reads at constant offsets beyond what a load instruction's signed 16-bit offset holds
 * ({@code (char) 65535 - 39} in a random program): the processor crashed with "offset does not fit
 * 16 bits". Such reads now go the computed-offset way, whose bound check fails them as the kernel
 * would; a negative constant too.
 */
@License("GPL")
public final class XdpFarOffsets {
  @Section("xdp")
  public static int far(XdpMd ctx) {
    return ctx.loadByte(((char) 65535) - 39) + 1;
  }

  @Section("xdp")
  public static int farAfterNear(XdpMd ctx) {
    int a = ctx.loadByte(3);
    return a + ctx.loadHalf(32767) + ctx.loadWord(40000);
  }

  @Section("xdp")
  public static int negative(XdpMd ctx) {
    return ctx.loadByte(5) + ctx.loadByte(-1);
  }

  @Section("xdp")
  public static int nearTheLimit(XdpMd ctx) {
    return ctx.length() > 100 ? ctx.loadWord(32763) : ctx.loadByte(13);
  }
}
