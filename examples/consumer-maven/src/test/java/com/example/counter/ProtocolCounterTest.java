package com.example.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.example.counter.ProtocolCounter.Counts;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import org.junit.jupiter.api.Test;

/** The counter, run in the JVM by bpf-testing: no kernel, no root. */
class ProtocolCounterTest {
  private final BpfSimulator sim = BpfSimulator.of(ProtocolCounter.class);
  private final SimMap<Integer, Counts> counts = sim.map("counts", Integer.class, Counts.class);

  /** An Ethernet frame of {@code length} bytes carrying IPv4 with transport {@code protocol}. */
  private static byte[] ipv4Frame(int length, int protocol) {
    byte[] frame = new byte[length];
    frame[12] = 0x08; // EtherType 0x0800
    frame[14] = 0x45; // IPv4, 20-byte header
    frame[16] = (byte) ((length - 14) >> 8);
    frame[17] = (byte) (length - 14);
    frame[23] = (byte) protocol;
    return frame;
  }

  @Test
  void countsByProtocol() {
    sim.run("countProtocol", ipv4Frame(60, 6));
    sim.run("countProtocol", ipv4Frame(100, 17));
    sim.run("countProtocol", ipv4Frame(100, 17));
    sim.run("countProtocol", ipv4Frame(98, 1));
    sim.run("countProtocol", ipv4Frame(80, 47)); // GRE
    assertEquals(1, counts.get(ProtocolCounter.TCP).packets);
    assertEquals(60, counts.get(ProtocolCounter.TCP).bytes, "tc sees the whole frame");
    assertEquals(2, counts.get(ProtocolCounter.UDP).packets);
    assertEquals(200, counts.get(ProtocolCounter.UDP).bytes);
    sim.run("countProtocol", new byte[60]); // EtherType 0: not IPv4
    assertEquals(2, counts.get(ProtocolCounter.OTHER).packets);
    assertEquals(1, counts.get(ProtocolCounter.ICMP).packets);
  }

  @Test
  void theProcessorRanAndWroteTheObject() {
    // Fails the build where the annotation processor silently did not run.
    assertNotNull(
        ProtocolCounter.class.getResource("ProtocolCounter.bpf.o"),
        "no ProtocolCounter.bpf.o next to ProtocolCounter.class: is the bpf4j processor in"
            + " the compiler plugin's annotationProcessorPaths?");
  }
}
