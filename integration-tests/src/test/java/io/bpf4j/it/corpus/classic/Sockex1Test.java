package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * sockex1 (corpus/classic/Sockex1.java against c/classic/sockex1.c): bytes per IP protocol. A
 * socket filter's test run starts at the network header, so the protocol is network byte 9 and
 * {@code skb->len} is the frame without its Ethernet header. Both objects see the same frames, as
 * many times each; their return values and their whole 256-entry arrays must agree with each other
 * and with the table worked out here.
 */
class Sockex1Test {
  record Run(String what, byte[] frame, int repeat) {}

  @Test
  void countsBytesPerIpProtocolLikeTheCVersion() {
    List<Run> runs =
        List.of(
            new Run("UDP 60", Packet.udpFrame(60), 1),
            new Run("TCP 1514", Packet.tcpFrame(1514), 1),
            new Run("ICMP 98 x3", Packet.icmpFrame(98), 3),
            new Run("UDP 333 x2", Packet.udpFrame(333), 2),
            new Run("TCP 54", Packet.tcpFrame(54), 1),
            new Run(
                "IPv4 protocol 253, 80 bytes",
                Packet.ethernet().ipv4("10.1.1.1", "10.1.1.2").payload(46).build(),
                1),
            new Run(
                "UDP to a multicast MAC (PACKET_MULTICAST)",
                Packet.ethernet()
                    .dstMac("01:00:5e:00:00:fb")
                    .ipv4("10.0.0.1", "224.0.0.251")
                    .udp(5353, 5353)
                    .payload(30)
                    .build(),
                1),
            new Run(
                "TCP to another host's MAC (PACKET_OTHERHOST: skipped)",
                Packet.ethernet()
                    .dstMac("02:00:00:00:00:09")
                    .ipv4("10.0.0.1", "10.0.0.9")
                    .tcp(1, 2)
                    .payload(100)
                    .build(),
                2),
            new Run("ARP 42 (byte 9 of the ARP header)", Packet.rawFrame(Packet.ETH_P_ARP, 42), 1),
            new Run(
                "IPv6 100 (byte 9 of the IPv6 header)", Packet.rawFrame(Packet.ETH_P_IPV6, 100), 1),
            new Run(
                "6 network bytes: the load of byte 9 is past the end",
                Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 20),
                1));
    long[] expected = new long[256];
    Expect expect = new Expect("classic/Sockex1");
    try (BpfObject java = Classic.java("Sockex1");
        BpfObject c = Classic.c("sockex1");
        MapHandle<Integer, Long> javaMap = java.map("myMap", Integer.class, Long.class);
        MapHandle<Integer, Long> cMap = c.map("myMap", Integer.class, Long.class)) {
      for (Run run : runs) {
        byte[] frame = run.frame();
        int len = Packet.networkLength(frame);
        int ret;
        if (len < 10 || Packet.pktType(frame) == Packet.PACKET_OTHERHOST) {
          ret = 0;
        } else {
          ret = len;
          expected[frame[Packet.ETH_HLEN + 9] & 0xff] += (long) len * run.repeat();
        }
        int javaRet = java.program("bpfProg1").testRun(frame, run.repeat()).retval();
        int cRet = c.program("bpfProg1").testRun(frame, run.repeat()).retval();
        expect.equal(cRet, javaRet, run.what() + ": Java's return value against C's");
        expect.equal(ret, javaRet, run.what() + ": Java's return value");
        expect.equal(ret, cRet, run.what() + ": C's return value");
      }
      // The arrays' non-zero entries (the other slots of both must be zero).
      Map<Integer, Long> want = new TreeMap<>();
      for (int p = 0; p < 256; p++) {
        if (expected[p] != 0) {
          want.put(p, expected[p]);
        }
      }
      Map<Integer, Long> javaEntries = javaMap.entries();
      Map<Integer, Long> cEntries = cMap.entries();
      expect.equal(256, javaEntries.size(), "Java's myMap: entries of the array");
      expect.equal(256, cEntries.size(), "C's myMap: entries of the array");
      Map<Integer, Long> javaTable = nonZero(javaEntries);
      Map<Integer, Long> cTable = nonZero(cEntries);
      expect.equal(cTable, javaTable, "Java's myMap against C's");
      expect.equal(want, javaTable, "Java's myMap");
      expect.equal(want, cTable, "C's myMap");
    }
    expect.verify();
  }

  private static Map<Integer, Long> nonZero(Map<Integer, Long> entries) {
    Map<Integer, Long> out = new TreeMap<>();
    entries.forEach(
        (k, v) -> {
          if (v != 0) {
            out.put(k, v);
          }
        });
    return out;
  }
}
