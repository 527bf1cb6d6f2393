package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.testing.ContextPrograms.Probe;
import io.bpf4j.testing.ContextPrograms.View;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contexts as BPF_PROG_TEST_RUN builds them (net/bpf/test_run.c), and packet reads. */
class ContextTest {
  private BpfSimulator sim;
  private SimMap<Integer, View> views;

  @BeforeEach
  void setUp() {
    sim = BpfSimulator.of(ContextPrograms.class);
    views = sim.map("views", Integer.class, View.class);
  }

  @Test
  void socketFiltersSeeTheNetworkHeaderOn() {
    byte[] frame = Frames.ipv4(60, 17);
    SimResult r = sim.run("socketView", frame);
    View v = views.get(0);
    assertEquals(46, v.len);
    assertEquals(0x0008, v.protocol, "ETH_P_IP in network byte order, read as a u32");
    assertEquals(0, v.pktType, "to 00:00:00:00:00:00: PACKET_HOST on loopback");
    assertEquals(1, v.ifindex, "loopback");
    assertEquals(0, v.ingressIfindex);
    assertEquals(0, v.mark);
    assertEquals(0x45000000 | 46, v.firstWord, "the IPv4 header's first word");
    assertEquals(((frame[58] & 0xff) << 8) | (frame[59] & 0xff), r.returnValue());
  }

  @Test
  void cgroupSkbSeesWhatSocketFiltersSee() {
    sim.run("cgroupView", Frames.ipv4(60, 17));
    assertEquals(46, views.get(0).len);
    assertEquals(0x45000000 | 46, views.get(0).firstWord);
  }

  @Test
  void tcSeesTheWholeFrame() {
    sim.run("tcView", Frames.frame(0x86DD, 100));
    View v = views.get(0);
    assertEquals(100, v.len);
    assertEquals(0xDD86, v.protocol);
    assertEquals(0, v.firstWord, "the destination MAC");
  }

  @Test
  void xdpSeesTheWholeFrameOnLoopbacksQueueZero() {
    byte[] frame = Frames.frame(0x88B5, 20);
    SimResult r = sim.run("xdpView", frame);
    View v = views.get(0);
    assertEquals(20, v.len);
    assertEquals(1, v.ingressIfindex);
    assertEquals(0, v.rxQueue);
    assertEquals(5, r.returnValue(), "the last payload byte");
  }

  @Test
  void pktTypeFollowsTheDestinationAgainstLoopbacksAllZeroAddress() {
    byte[] frame = Frames.ipv4(60, 6);
    sim.run("tcView", Frames.withDestination(frame, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    assertEquals(2, views.get(0).pktType, "broadcast is PACKET_MULTICAST: lo's broadcast is zero");
    sim.run("tcView", Frames.withDestination(frame, 0x01, 0x00, 0x5e, 0, 0, 1));
    assertEquals(2, views.get(0).pktType);
    sim.run("tcView", Frames.withDestination(frame, 0x02, 0, 0, 0, 0, 9));
    assertEquals(3, views.get(0).pktType, "PACKET_OTHERHOST");
  }

  @Test
  void lengthFieldsBecome8023Or8022() {
    sim.run("tcView", Frames.frame(0x0040, 30));
    assertEquals(0x0400, views.get(0).protocol, "ETH_P_802_2");
    byte[] ipx = Frames.frame(0x0040, 30);
    ipx[14] = (byte) 0xff;
    ipx[15] = (byte) 0xff;
    sim.run("tcView", ipx);
    assertEquals(0x0100, views.get(0).protocol, "ETH_P_802_3 (raw IPX)");
    sim.run("tcView", Frames.frame(0x0040, 14));
    assertEquals(0x0400, views.get(0).protocol);
  }

  @Test
  void framesTheKernelRefusesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> sim.run("socketView", new byte[13]));
    assertThrows(IllegalArgumentException.class, () -> sim.run("xdpView", new byte[13]));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sim.run("tcView", Frames.frame(0x0800, 33)));
    assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> sim.run("socketView", Frames.frame(0x86DD, 53)));
    sim.run("socketView", Frames.frame(0x86DD, 54));
    sim.run("socketView", Frames.frame(0x88B5, 16));
    assertThrows(IllegalArgumentException.class, () -> sim.run("xdpView", new byte[3521]));
    sim.run("xdpView", new byte[3520]);
  }

  @Test
  void customContextsSetAnyField() {
    SimSkBuff skb =
        SimSkBuff.testRun(ProgramType.SOCKET_FILTER, Frames.ipv4(60, 6))
            .mark(7)
            .priority(3)
            .cb(0, 42)
            .ingressIfindex(5)
            .build();
    sim.run("socketView", skb);
    View v = views.get(0);
    assertEquals(7, v.mark);
    assertEquals(3, v.priority);
    assertEquals(42, v.cb0);
    assertEquals(5, v.ingressIfindex);
    assertEquals(46, v.len);
    SimSkBuff raw = SimSkBuff.builder(new byte[] {1, 2, 3, 4}).protocol(0x0008).build();
    assertEquals(0x0304, sim.run("tcView", raw).returnValue());
    assertEquals(0x01020304, views.get(0).firstWord);
    assertEquals(4, views.get(0).len);
    assertEquals(0x0008, views.get(0).protocol);
    assertEquals(0, views.get(0).ifindex, "a raw context has every field 0");
    assertEquals(7, skb.toBuilder().build().mark());
    SimXdpMd xdp = SimXdpMd.builder(new byte[] {9, 8, 7, 6}).rxQueueIndex(3).build();
    sim.run("xdpView", xdp);
    assertEquals(3, views.get(0).rxQueue);
    assertEquals(0, views.get(0).ingressIfindex);
    assertThrows(IllegalArgumentException.class, () -> sim.run("xdpView", skb));
  }

  private void probe(int offset) {
    Probe p = new Probe();
    p.offset = offset;
    sim.map("probes", Integer.class, Probe.class).put(0, p);
  }

  @Test
  void aReadPastTheEndEndsTheProgramWithZero() {
    byte[] frame = Frames.ipv4(34, 6); // 20 bytes after Ethernet
    probe(19);
    SimResult last = sim.run("readAt", frame);
    assertEquals(1000 + (frame[33] & 0xff), last.returnValue());
    assertFalse(last.failure().isPresent());
    for (int off : new int[] {20, 1000, -1, Integer.MIN_VALUE}) {
      probe(off);
      SimResult r = sim.run("readAt", frame);
      assertEquals(0, r.returnValue(), "offset " + off);
      PacketReadException e = assertInstanceOf(PacketReadException.class, r.failure().get());
      assertEquals(off, e.offset());
      assertEquals(20, e.packetLength());
    }
  }

  @Test
  void skbLoadBytesFailsWithEfaultAndZeroes() {
    byte[] frame = Frames.ipv4(34, 6);
    SimMap<Integer, Probe> probes = sim.map("probes", Integer.class, Probe.class);
    probe(12);
    sim.run("bytesAt", frame);
    assertEquals(0, probes.get(0).result);
    assertEquals(0x0c0d, probes.get(0).firstBytes, "bytes 12 and 13 of the network header");
    probe(13);
    sim.run("bytesAt", frame);
    assertEquals(-14, probes.get(0).result, "-EFAULT past the end");
    assertEquals(0, probes.get(0).firstBytes, "the buffer is zeroed");
    probe(-1);
    sim.run("bytesAt", frame);
    assertEquals(-14, probes.get(0).result, "-EFAULT for a negative offset");
  }

  @Test
  void xdpLoadBytesFailsWithEinvalOrEfaultAndLeavesTheBuffer() {
    SimMap<Integer, Probe> probes = sim.map("probes", Integer.class, Probe.class);
    byte[] frame = Frames.frame(0x88B5, 20);
    probe(12);
    sim.run("xdpBytesAt", frame);
    assertEquals(0, probes.get(0).result);
    assertEquals(0x88B5, probes.get(0).firstBytes);
    probe(13);
    sim.run("xdpBytesAt", frame);
    assertEquals(-22, probes.get(0).result, "-EINVAL past the end");
    assertEquals(0x5500, probes.get(0).firstBytes, "the buffer is left alone");
    probe(-1);
    sim.run("xdpBytesAt", frame);
    assertEquals(-14, probes.get(0).result, "-EFAULT above 0xffff");
    probe(0x10000);
    sim.run("xdpBytesAt", frame);
    assertEquals(-14, probes.get(0).result);
    assertFalse(sim.run("xdpBytesAt", frame).failure().isPresent());
  }
}
