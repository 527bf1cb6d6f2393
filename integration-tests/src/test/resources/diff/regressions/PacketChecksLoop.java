package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.XdpMd;

/**
 * XDP reads in a loop with branches: the optimizer's dataflow of established packet bounds checks
 * kept every pair of checks where two paths meet, so the lists grew around the loop until javac
 * ran out of memory. Facts now keep one check per pair of pointers.
 */
@License("GPL")
public final class PacketChecksLoop {
  @Section("xdp")
  public static int loop(XdpMd ctx) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      if (ctx.loadByte(12) > 7) {
        sum += ctx.loadByte(2);
      } else {
        sum += ctx.loadHalf(4);
      }
      if (ctx.loadByte(13) > 7) {
        sum += ctx.loadByte(3);
      } else {
        sum += ctx.loadHalf(8);
      }
      sum += ctx.loadByte(6 + (i & 1));
    }
    return sum;
  }
}
