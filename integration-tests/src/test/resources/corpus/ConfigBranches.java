package corpus;

import io.bpf4j.annotations.Config;
import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/**
 * Load-time configuration: a debug flag whose branch the verifier removes when it is off (the
 * frozen .rodata makes the flag a constant), and a threshold that changes the result.
 */
@License("GPL")
public final class ConfigBranches {
  @Config static boolean debug;
  @Config static int threshold = 100;
  @Global static long debugBytes;

  @Section("socket")
  public static int filter(SkBuff skb) {
    int len = skb.len();
    if (debug) {
      Bpf.printk("len %d\n", len);
      Bpf.printk("ifindex %d mark %d\n", skb.ifindex(), skb.mark());
      Bpf.printk("protocol %d priority %d\n", skb.protocol(), skb.priority());
      debugBytes += len;
    }
    return len > threshold ? 1 : 0;
  }
}
