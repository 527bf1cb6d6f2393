package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/** Nested conditional expressions, in a socket and an XDP program. */
public final class Conditional {
  @Section("socket")
  public static int pick(SkBuff skb) {
    int len = skb.len();
    int mark = skb.mark();
    return len > 1000 ? mark : len == 0 ? -1 : mark + len;
  }

  @Section("xdp")
  public static int queue(XdpMd ctx) {
    return ctx.rxQueueIndex() == 0 ? Xdp.PASS : Xdp.DROP;
  }

  private Conditional() {}
}
