package io.bpf4j.examples.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import io.bpf4j.testing.SimResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's socket filter, run in the JVM: no kernel, no root. */
class BandwidthMonitorTest {
  private final BpfSimulator sim = BpfSimulator.of(BandwidthMonitor.class);
  private final SimMap<Integer, TrafficCounters> table =
      sim.map("bwMonitorMap", Integer.class, TrafficCounters.class);

  /** An Ethernet frame of {@code length} bytes to 00:00:00:00:00:00 carrying IPv4. */
  private static byte[] ipv4Frame(int length) {
    byte[] frame = new byte[length];
    frame[12] = 0x08; // EtherType 0x0800
    frame[14] = 0x45; // IPv4, 20-byte header
    frame[16] = (byte) ((length - 14) >> 8);
    frame[17] = (byte) (length - 14);
    frame[23] = 17; // UDP
    return frame;
  }

  @Test
  void countsPacketsAndBytesAcrossRuns() {
    sim.run("socketFilter", ipv4Frame(60));
    sim.run("socketFilter", ipv4Frame(100));
    sim.run("socketFilter", ipv4Frame(1514));
    // A socket filter sees the packet from the network header on: 46 + 86 + 1500 bytes.
    assertEquals(3, table.get(1).pkts);
    assertEquals(46 + 86 + 1500, table.get(1).bytes);
    assertEquals(0, table.get(0).pkts, "only key 1 counts");
    assertEquals(0, table.get(2).pkts);
  }

  @Test
  void printsEachPacketAndThatNoTailCallIsRegistered() {
    SimResult r = sim.run("socketFilter", ipv4Frame(60));
    assertEquals(0, r.returnValue());
    assertEquals(
        List.of("pkt len = 46, ifindex = 1, ingress_ifindex = 0", "No tailcall registered!"),
        r.printk());
  }

  @Test
  void theTailCallIntoTailcallProgramReplacesTheLastLine() {
    BpfSimulator tailcall = BpfSimulator.of(TailcallProgram.class);
    sim.progArray("tailcallMap").set(0, tailcall.program("tailcall"));
    SimResult r = sim.run("socketFilter", ipv4Frame(60));
    assertEquals(
        List.of(
            "pkt len = 46, ifindex = 1, ingress_ifindex = 0", "Tail call reached, pkt len = 46"),
        r.printk());
    assertEquals(
        List.of("socketFilter", "tailcall"), r.programs().stream().map(p -> p.name()).toList());
    assertEquals(1, table.get(1).pkts, "the counting happened before the tail call");
    sim.progArray("tailcallMap").clear(0);
    assertEquals("No tailcall registered!", sim.run("socketFilter", ipv4Frame(60)).printk().get(1));
  }
}
