package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/** A dense switch (tableswitch) and a sparse one (lookupswitch). */
public final class Switch {
  @Section("socket")
  public static int sw(SkBuff skb) {
    int r;
    switch (skb.pktType()) {
      case 0:
        r = 10;
        break;
      case 1:
        r = 20;
        break;
      case 2:
        r = 30;
        break;
      case 3:
        r = 40;
        break;
      default:
        r = 0;
    }
    switch (skb.protocol()) {
      case 0x0008 -> r += 1;
      case 0xdd86 -> r += 2;
      default -> {}
    }
    return r;
  }

  private Switch() {}
}
