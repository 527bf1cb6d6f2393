package golden;

import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/** if / else if / else on a context field. */
public final class IfElse {
  @Section("socket")
  public static int classify(SkBuff skb) {
    int len = skb.len();
    int verdict;
    if (len < 64) {
      verdict = 1;
    } else if (len < 512) {
      verdict = 2;
    } else {
      verdict = 3;
    }
    if (skb.mark() != 0 && skb.pktType() == 0) {
      verdict += 10;
    }
    return verdict;
  }

  private IfElse() {}
}
