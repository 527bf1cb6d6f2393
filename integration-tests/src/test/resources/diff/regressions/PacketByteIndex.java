package diff.regressions;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * A socket filter's packet read (LD_ABS) gives at most 16 bits here, so the range pass dropped the
 * mask and the bounds check of the array index computed from it; but the verifier marks an LD_ABS
 * result unknown and refused the variable-offset stack read.
 */
@License("GPL")
public final class PacketByteIndex {
  @Section("socket")
  public static int indexFromPacket(SkBuff ctx) {
    int[] a = new int[3];
    a[1] = 5;
    return a[(ctx.loadHalf(2) >>> 15) & 3] + 1;
  }

  @Section("tc")
  public static int indexFromByte(SkBuff ctx) {
    long[] a = new long[4];
    a[2] = 9;
    return (int) a[ctx.loadByte(3) & 3] + (int) a[ctx.loadByte(4) >> 6];
  }
}
