package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: 8-byte records take 16 bytes of a 4096-byte ring, so 256 of them would fill
 * it exactly; the kernel keeps the producer less than the ring's size ahead, so only 255 fit.
 */
@License("GPL")
public final class RingEdges {
  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Long> lengths;

  @Section("socket")
  public static int emit(SkBuff skb) {
    return lengths.output((long) skb.len()) ? 1 : 0;
  }

  private RingEdges() {}
}
