package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * The seed's monitor without printk (corpus/classic/BandwidthMonitorNoPrintk.java against
 * c/classic/bandwidth_monitor_no_printk.c): with slot 0 of the prog array empty the tail call falls
 * through and both return 0; key 1 counts every run and the bytes a socket filter sees (the frame
 * without its 14-byte Ethernet header, which the test run pulls), the same in Java and C.
 */
class BandwidthMonitorNoPrintkTest {
  static final int ETH_HLEN = 14;

  /** struct traffic_counters, matched by member name. */
  static final class TrafficCounters {
    long pkts;
    long bytes;
  }

  @Test
  void countsLikeTheCVersion() {
    int[][] runs = {{64, 1}, {1514, 3}, {60, 2}};
    long pkts = 0;
    long bytes = 0;
    Expect expect = new Expect("classic/BandwidthMonitorNoPrintk");
    try (BpfObject java = Classic.java("BandwidthMonitorNoPrintk");
        BpfObject c = Classic.c("bandwidth_monitor_no_printk");
        MapHandle<Integer, TrafficCounters> javaTable =
            java.map("bwMonitorMap", Integer.class, TrafficCounters.class);
        MapHandle<Integer, TrafficCounters> cTable =
            c.map("bwMonitorMap", Integer.class, TrafficCounters.class)) {
      for (int[] run : runs) {
        byte[] frame = Packet.udpFrame(run[0]);
        pkts += run[1];
        bytes += (long) (run[0] - ETH_HLEN) * run[1];
        int javaRet = java.program("socketFilter").testRun(frame, run[1]).retval();
        int cRet = c.program("socketFilter").testRun(frame, run[1]).retval();
        expect.equal(0, javaRet, "UDP " + run[0] + ": Java's return value");
        expect.equal(0, cRet, "UDP " + run[0] + ": C's return value");
      }
      for (int key = 0; key < 3; key++) {
        TrafficCounters j = javaTable.get(key);
        TrafficCounters k = cTable.get(key);
        expect.equal(key == 1 ? pkts : 0L, j.pkts, "Java pkts of key " + key);
        expect.equal(key == 1 ? bytes : 0L, j.bytes, "Java bytes of key " + key);
        expect.equal(k.pkts, j.pkts, "pkts of key " + key + ", Java against C");
        expect.equal(k.bytes, j.bytes, "bytes of key " + key + ", Java against C");
      }
    }
    expect.verify();
  }
}
