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
 * Samples the clock, the random number generator and the CPU number: two timestamps around two
 * random draws, and the elapsed time between them.
 */
@License("GPL")
public final class KtimeRandom {
  @Struct
  public static final class Sample {
    public long t1;
    public long t2;
    public long elapsed;
    public int r1;
    public int r2;
    public int cpu;
    public int runs;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Sample> samples;

  @Section("socket")
  public static int sample(SkBuff skb) {
    Sample s = samples.lookup(0);
    if (s == null) {
      return 0;
    }
    long t1 = Bpf.ktimeGetNs();
    int r1 = Bpf.getPrandomU32();
    int r2 = Bpf.getPrandomU32();
    long t2 = Bpf.ktimeGetNs();
    s.t1 = t1;
    s.t2 = t2;
    s.elapsed = t2 - t1;
    s.r1 = r1;
    s.r2 = r2;
    s.cpu = Bpf.getSmpProcessorId();
    s.runs++;
    return t2 >= t1 ? 1 : 0;
  }

  private KtimeRandom() {}
}
