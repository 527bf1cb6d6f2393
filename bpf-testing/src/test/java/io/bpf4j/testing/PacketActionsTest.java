package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Programs that write, fix checksums and redirect, run in the simulator. */
class PacketActionsTest {
  private static final byte[] UDP =
      Ipv4Frames.udp(0x0a000001, 40000, 0x0a000002, 7, "hello, bpf4j".getBytes());

  @Test
  void swapsMacsAndTransmits() {
    byte[] frame = UDP.clone();
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("swapMacs", frame);
    assertEquals(Xdp.TX, r.returnValue());
    byte[] expected = frame.clone();
    System.arraycopy(frame, 6, expected, 0, 6);
    System.arraycopy(frame, 0, expected, 6, 6);
    assertArrayEquals(expected, r.dataOut());
  }

  @Test
  void aShortFrameFailsOpenWithOnFault() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("failOpen", new byte[14]);
    assertEquals(Xdp.PASS, r.returnValue());
    assertInstanceOf(PacketReadException.class, r.failure().orElseThrow());
  }

  @Test
  void aWritePastTheEndEndsWithOnFault() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("writePastEnd", UDP);
    assertEquals(Xdp.DROP, r.returnValue());
    assertInstanceOf(PacketWriteException.class, r.failure().orElseThrow());
    assertArrayEquals(UDP, r.dataOut(), "nothing written");
  }

  @Test
  void dataOutHoldsTheMetadataAndTheGrownHead() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("pushTag", UDP);
    assertEquals(Xdp.PASS, r.returnValue());
    byte[] out = r.dataOut();
    assertEquals(UDP.length + 8, out.length);
    assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xf0, 0x0d}, slice(out, 4, 4));
    assertArrayEquals(UDP, slice(out, 8, UDP.length));
  }

  @Test
  void redirectsToAnInterface() {
    BpfSimulator sim = BpfSimulator.of(PacketActionPrograms.class);
    byte[] frame = UDP.clone();
    frame[14] = 5;
    frame[15] = 0;
    SimResult r = sim.run("redirectToIfindex", frame);
    assertEquals(Xdp.REDIRECT, r.returnValue());
    assertEquals(Optional.of(SimRedirect.toInterface(5, 0)), r.redirect());
    frame[15] = 1; // BPF_F_INGRESS is not an XDP flag
    r = sim.run("redirectToIfindex", frame);
    assertEquals(Xdp.ABORTED, r.returnValue());
    assertTrue(r.redirect().isEmpty());
  }

  @Test
  void redirectsThroughADevmapOrFallsBackToTheFlagsAction() {
    BpfSimulator sim = BpfSimulator.of(PacketActionPrograms.class);
    sim.map("ports", Integer.class, Integer.class).put(2, 7);
    byte[] frame = UDP.clone();
    frame[14] = 2;
    SimResult r = sim.run("redirectViaDevmap", frame);
    assertEquals(Xdp.REDIRECT, r.returnValue());
    assertEquals(new SimRedirect(7, 0, "ports", MapType.DEVMAP, 2), r.redirect().orElseThrow());
    frame[14] = 3;
    r = sim.run("redirectViaDevmap", frame);
    assertEquals(Xdp.PASS, r.returnValue());
    assertTrue(r.redirect().isEmpty());
  }

  @Test
  void aRedirectMapIndexPastTheEndIsE2big() {
    BpfSimulator sim = BpfSimulator.of(PacketActionPrograms.class);
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () -> sim.map("ports", Integer.class, Integer.class).put(4, 7));
    assertTrue(e.getMessage().contains("E2BIG"), e.getMessage());
  }

  @Test
  void redirectsToACpu() {
    BpfSimulator sim = BpfSimulator.of(PacketActionPrograms.class);
    assertEquals(Xdp.DROP, sim.run("redirectViaCpumap", UDP).returnValue());
    sim.map("cpus", Integer.class, Integer.class).put(1, 192);
    SimResult r = sim.run("redirectViaCpumap", UDP);
    assertEquals(Xdp.REDIRECT, r.returnValue());
    assertEquals(MapType.CPUMAP, r.redirect().orElseThrow().mapType());
    assertEquals(1, r.redirect().orElseThrow().key());
  }

  @Test
  void tcRedirectsToAnIngress() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("tcRedirect", UDP);
    assertEquals(Tc.ACT_REDIRECT, r.returnValue());
    assertEquals(SimRedirect.toInterface(3, 1), r.redirect().orElseThrow());
  }

  @Test
  void rewritesAUdpPortWithAValidChecksum() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("rewritePort", UDP);
    byte[] out = r.dataOut();
    assertEquals(9999, Ipv4Frames.get16(out, PacketActionPrograms.UDP_DPORT));
    assertTrue(Ipv4Frames.checksumsValid(out));
    assertFalse(Arrays.equals(UDP, out));
  }

  @Test
  void rewritesADestinationWithPseudoHeaderChecksums() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("rewriteDestination", UDP);
    byte[] out = r.dataOut();
    assertEquals(0x0a090909, Ipv4Frames.get32(out, PacketActionPrograms.IP_DST));
    assertTrue(Ipv4Frames.checksumsValid(out));
  }

  @Test
  void rewritesADestinationInXdpWithCsumDiff() {
    SimResult r = BpfSimulator.of(PacketActionPrograms.class).run("rewriteDestinationXdp", UDP);
    byte[] out = r.dataOut();
    assertEquals(0x0a090909, Ipv4Frames.get32(out, PacketActionPrograms.IP_DST));
    assertEquals(Ipv4Frames.ipChecksum(withoutCheck(out)), Ipv4Frames.get16(out, 24));
  }

  @Test
  void aUdpDatagramWithoutChecksumKeepsNoneWithMarkMangled0() {
    byte[] frame = UDP.clone();
    frame[PacketActionPrograms.UDP_CHECK] = 0;
    frame[PacketActionPrograms.UDP_CHECK + 1] = 0;
    byte[] out = BpfSimulator.of(PacketActionPrograms.class).run("rewritePort", frame).dataOut();
    assertEquals(0, Ipv4Frames.get16(out, PacketActionPrograms.UDP_CHECK));
  }

  private static byte[] withoutCheck(byte[] f) {
    byte[] c = f.clone();
    c[24] = 0;
    c[25] = 0;
    return c;
  }

  private static byte[] slice(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, off + len);
  }
}
