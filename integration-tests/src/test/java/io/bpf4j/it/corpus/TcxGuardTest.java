package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/TcxGuard.java: a tcx/ingress verdict per packet type (TCX_NEXT = -1, TCX_PASS = 0,
 * TCX_DROP = 2), with pkt_type worked out from the destination MAC (see {@link Packet#pktType}).
 */
class TcxGuardTest {
  static final class Seen {
    long packets;
  }

  static int expectedVerdict(byte[] frame) {
    return switch (Packet.pktType(frame)) {
      case Packet.PACKET_HOST -> -1;
      case Packet.PACKET_MULTICAST -> Packet.etherTypeOf(frame) == Packet.ETH_P_IPV6 ? 0 : 2;
      case Packet.PACKET_OTHERHOST -> 2;
      default -> 0;
    };
  }

  @Test
  void verdictFollowsThePacketType() {
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.ethernet()
                .dstMac("01:00:5e:00:00:01")
                .ipv4("10.0.0.1", "224.0.0.1")
                .udp(1, 2)
                .payload(18)
                .build(),
            Packet.ethernet()
                .dstMac("33:33:ff:00:00:01")
                .etherType(Packet.ETH_P_IPV6)
                .payload(72)
                .build(),
            Packet.ethernet()
                .dstMac("ff:ff:ff:ff:ff:ff")
                .etherType(Packet.ETH_P_ARP)
                .payload(28)
                .build(),
            Packet.ethernet()
                .dstMac("02:00:00:00:00:05")
                .ipv4("10.0.0.1", "10.0.0.9")
                .tcp(1, 2)
                .build(),
            Packet.tcpFrame(1514));
    long[] perType = new long[4];
    Expect expect = new Expect("TcxGuard");
    try (BpfObject obj = Corpus.load("TcxGuard");
        MapHandle<Integer, Seen> byType = obj.map("byPktType", Integer.class, Seen.class)) {
      for (byte[] frame : frames) {
        int ret = obj.program("guard").testRun(frame, 1).retval();
        expect.equal(
            expectedVerdict(frame),
            ret,
            "pkt_type "
                + Packet.pktType(frame)
                + " EtherType 0x"
                + Integer.toHexString(Packet.etherTypeOf(frame)));
        perType[Packet.pktType(frame)]++;
      }
      for (int t = 0; t < 4; t++) {
        expect.equal(perType[t], byType.get(t).packets, "packets of pkt_type " + t);
      }
    }
    expect.verify();
  }
}
