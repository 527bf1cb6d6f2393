package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * printk with no argument and with one, two and three; each call's return value (the length of
 * the formatted line) is recorded, and the lines carry a nonce from user space.
 */
@License("GPL")
public final class Printk {
  @Struct
  public static final class Trace {
    public int nonce;
    public int ret0;
    public int ret1;
    public int ret2;
    public int ret3;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Trace> traces;

  @Section("socket")
  public static int trace(SkBuff skb) {
    Trace t = traces.lookup(0);
    if (t == null) {
      return 0;
    }
    int nonce = t.nonce;
    t.ret0 = Bpf.printk("bpf4j corpus printk without arguments\n");
    t.ret1 = Bpf.printk("bpf4j corpus nonce=%d\n", nonce);
    t.ret2 = Bpf.printk("bpf4j corpus nonce=%d len=%d\n", nonce, skb.len());
    t.ret3 =
        Bpf.printk(
            "bpf4j corpus nonce=%x len=%u proto=%x\n", nonce, skb.len(), Bpf.ntohs(skb.protocol()));
    return 1;
  }

  private Printk() {}
}
