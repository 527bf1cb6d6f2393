package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: printk conversions, flags and widths on values from the packet, and formats
 * the kernel refuses; every return value is recorded (the test compares the printed lines too).
 */
@License("GPL")
public final class PrintkFormats {
  @Struct
  public static final class Returns {
    public int plain;
    public int widths;
    public int signs;
    public int wide;
    public int chars;
    public int pointer;
    public int precision;
    public int tooMany;
    public int control;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Returns> returns;

  @Section("socket")
  public static int print(SkBuff skb) {
    Returns r = returns.lookup(0);
    if (r == null) {
      return 0;
    }
    int len = skb.len();
    int small = len - 100;
    long big = len * -3_000_000_007L;
    r.plain = Bpf.printk("simfmt %d %u %x\n", small, small, small);
    r.widths = Bpf.printk("simfmt [%5d][%-6x][%05d]\n", len, len, small);
    r.signs = Bpf.printk("simfmt [%+d][% d][%X]\n", len, len, small);
    r.wide = Bpf.printk("simfmt %ld %llu %llx\n", big, big, big);
    r.chars = Bpf.printk("simfmt %c%c 100%%\n", 'A' + (len & 15), 'a' + (len & 7));
    r.pointer = Bpf.printk("simfmt %px %lli\n", big, len);
    r.precision = Bpf.printk("simfmt %5.2d\n", len);
    r.tooMany = Bpf.printk("simfmt %d %d %d %d\n", len, len, len);
    r.control = Bpf.printk("simfmt \u0001 %d\n", len);
    return r.plain;
  }

  private PrintkFormats() {}
}
