package io.bpf4j.examples.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.examples.net.PacketSizes.Slot;
import io.bpf4j.runtime.Histograms;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import org.junit.jupiter.api.Test;

/** The size histogram, run in the JVM. */
class PacketSizesTest {
  private final BpfSimulator sim = BpfSimulator.of(PacketSizes.class);
  private final SimMap<Integer, Slot> sizes = sim.map("sizes", Integer.class, Slot.class);

  @Test
  void log2RoundsDown() {
    assertEquals(0, PacketSizes.log2(0));
    assertEquals(0, PacketSizes.log2(1));
    assertEquals(1, PacketSizes.log2(3));
    assertEquals(6, PacketSizes.log2(64));
    assertEquals(10, PacketSizes.log2(1514));
    assertEquals(30, PacketSizes.log2(Integer.MAX_VALUE));
  }

  @Test
  void framesLandInTheirSlots() {
    sim.run("countSize", new byte[60]);
    sim.run("countSize", new byte[64]);
    sim.run("countSize", new byte[64]);
    sim.run("countSize", new byte[1514]);
    long[] counts = new long[32];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = sizes.get(i).count;
    }
    assertEquals(1, counts[5], "60 bytes: 32..63");
    assertEquals(2, counts[6], "64 bytes: 64..127");
    assertEquals(1, counts[10], "1514 bytes: 1024..2047");
    String text = Histograms.log2(counts, "bytes");
    assertEquals(
        "  1024 -> 2047  : 1        |********************                    |",
        text.lines().reduce((a, b) -> b).orElseThrow());
  }
}
