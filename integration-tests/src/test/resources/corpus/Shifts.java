package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Shifts with Java's masked counts: int shifts use the low 5 bits of the count, long shifts the low
 * 6, whether the count is a variable (any value, negative too), a constant over the width, or a
 * long.
 */
@License("GPL")
public final class Shifts {
  @Struct
  public static final class Input {
    public int x;
    public int n;
    public long y;
  }

  @Struct
  public static final class Output {
    public int shl;
    public int shr;
    public int ushr;
    public long lshl;
    public long lshr;
    public long lushr;
    public int constCount;
    public long constLongCount;
    public int byLongCount;
    public long negConstCount;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Input> inputs;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Output> outputs;

  @Section("socket")
  public static int shift(SkBuff skb) {
    Input in = inputs.lookup(0);
    Output out = outputs.lookup(0);
    if (in == null || out == null) {
      return 0;
    }
    int x = in.x;
    int n = in.n;
    long y = in.y;
    out.shl = x << n;
    out.shr = x >> n;
    out.ushr = x >>> n;
    out.lshl = y << n;
    out.lshr = y >> n;
    out.lushr = y >>> n;
    out.constCount = x << 35;
    out.constLongCount = y >>> 70;
    out.byLongCount = x >>> y;
    out.negConstCount = y << -1;
    return x >> n;
  }

  private Shifts() {}
}
