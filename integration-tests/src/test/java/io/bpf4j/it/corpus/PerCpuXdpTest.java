package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/PerCpuXdp.java: per-CPU counts summed over CPUs equal the number of runs, each CPU's slot
 * says it ran on that CPU, on loopback, queue 0; the mode map switches PASS (2) to DROP (1).
 */
class PerCpuXdpTest {
  static final class CpuStats {
    long packets;
    int cpu;
    int ifindex;
    int rxQueue;
    byte lastVerdict;
    short drops;
  }

  static final class Mode {
    int drop;
  }

  @Test
  void countsPerCpuAndDropsOnRequest() {
    int lo = Corpus.loopbackIfindex();
    Expect expect = new Expect("PerCpuXdp");
    try (BpfObject obj = Corpus.load("PerCpuXdp");
        MapHandle<Integer, CpuStats> stats = obj.map("stats", Integer.class, CpuStats.class);
        MapHandle<Integer, Mode> modes = obj.map("modes", Integer.class, Mode.class)) {
      long runs = 0;
      long dropped = 0;
      int[][] plan = {{0, 1}, {0, 50}, {1, 7}, {0, 3}, {1, 1}};
      for (int[] step : plan) {
        Mode mode = new Mode();
        mode.drop = step[0];
        modes.put(0, mode);
        int ret = obj.program("countPerCpu").testRun(Packet.udpFrame(200), step[1]).retval();
        runs += step[1];
        dropped += step[0] != 0 ? step[1] : 0;
        expect.equal(step[0] != 0 ? 1 : 2, ret, "mode drop=" + step[0] + ": XDP verdict");
      }
      List<CpuStats> perCpu = stats.getPerCpu(0);
      long total = 0;
      long totalDrops = 0;
      for (int cpu = 0; cpu < perCpu.size(); cpu++) {
        CpuStats s = perCpu.get(cpu);
        total += s.packets;
        totalDrops += s.drops;
        if (s.packets > 0) {
          expect.equal(cpu, s.cpu, "the slot of CPU " + cpu + " records its CPU id");
          expect.equal(lo, s.ifindex, "CPU " + cpu + ": ingress ifindex (loopback)");
          expect.equal(0, s.rxQueue, "CPU " + cpu + ": rx queue");
          expect.isTrue(
              s.lastVerdict == 1 || s.lastVerdict == 2,
              "CPU " + cpu + ": last verdict " + s.lastVerdict + " is neither DROP nor PASS");
        }
      }
      expect.equal(runs, total, "packets summed over " + perCpu.size() + " CPUs");
      expect.equal(dropped, totalDrops, "drops summed over " + perCpu.size() + " CPUs");
    }
    expect.verify();
  }
}
