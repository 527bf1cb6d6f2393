package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * An XDP counter in a PERCPU_ARRAY (plain increments: each CPU has its own copy; the value mixes
 * 8-, 4-, 2- and 1-byte fields), recording which CPU, device and queue it ran on and its last
 * verdict; a mode flag in an ARRAY map turns it into a drop-all filter.
 */
@License("GPL")
public final class PerCpuXdp {
  @Struct
  public static final class CpuStats {
    public long packets;
    public int cpu;
    public int ifindex;
    public int rxQueue;
    public byte lastVerdict;
    public short drops;
  }

  @Struct
  public static final class Mode {
    public int drop;
  }

  @Map(type = MapType.PERCPU_ARRAY, maxEntries = 1)
  static BpfMap<Integer, CpuStats> stats;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Mode> modes;

  @Section("xdp")
  public static int countPerCpu(XdpMd ctx) {
    Mode m = modes.lookup(0);
    int verdict = m != null && m.drop != 0 ? Xdp.DROP : Xdp.PASS;
    CpuStats s = stats.lookup(0);
    if (s != null) {
      s.packets++;
      s.cpu = Bpf.getSmpProcessorId();
      s.ifindex = ctx.ingressIfindex();
      s.rxQueue = ctx.rxQueueIndex();
      s.lastVerdict = (byte) verdict;
      if (verdict == Xdp.DROP) {
        s.drops += 1;
      }
    }
    return verdict;
  }

  private PerCpuXdp() {}
}
