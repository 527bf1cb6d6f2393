package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The per-ifindex tc counter (corpus/classic/IfindexCounter.java against
 * c/classic/ifindex_counter.c): tc test runs happen on loopback and see whole frames ({@code
 * skb->len} = frame length), so the table must hold exactly loopback's ifindex with the packets,
 * bytes, passes (IPv4, IPv6, ARP: TC_ACT_OK 0) and shots (TC_ACT_SHOT 2) worked out here.
 */
class IfindexCounterTest {
  static final int TC_ACT_OK = 0;
  static final int TC_ACT_SHOT = 2;

  static final class IfStats {
    long packets;
    long bytes;
    long passed;
    long shot;

    String describe() {
      return "packets=" + packets + " bytes=" + bytes + " passed=" + passed + " shot=" + shot;
    }
  }

  record Run(String what, byte[] frame, int repeat) {}

  @Test
  void countsPerIfindexLikeTheCVersion() {
    int lo = Corpus.loopbackIfindex();
    List<Run> runs =
        List.of(
            new Run("UDP 60", Packet.udpFrame(60), 1),
            new Run("TCP 1514 x3", Packet.tcpFrame(1514), 3),
            new Run("IPv6 100", Packet.rawFrame(Packet.ETH_P_IPV6, 100), 1),
            new Run("ARP 42", Packet.rawFrame(Packet.ETH_P_ARP, 42), 2),
            new Run("experimental EtherType 60", Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 60), 1),
            new Run("VLAN-tagged EtherType 64", Packet.rawFrame(0x8100, 64), 1),
            new Run("ICMP 98", Packet.icmpFrame(98), 1),
            new Run("bare Ethernet header", Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 14), 4));
    IfStats want = new IfStats();
    Expect expect = new Expect("classic/IfindexCounter");
    try (BpfObject java = Classic.java("IfindexCounter");
        BpfObject c = Classic.c("ifindex_counter");
        MapHandle<Integer, IfStats> javaTable =
            java.map("perIfindex", Integer.class, IfStats.class);
        MapHandle<Integer, IfStats> cTable = c.map("perIfindex", Integer.class, IfStats.class)) {
      for (Run run : runs) {
        byte[] frame = run.frame();
        int type = Packet.etherTypeOf(frame);
        boolean pass =
            type == Packet.ETH_P_IP || type == Packet.ETH_P_IPV6 || type == Packet.ETH_P_ARP;
        want.packets += run.repeat();
        want.bytes += (long) frame.length * run.repeat();
        if (pass) {
          want.passed += run.repeat();
        } else {
          want.shot += run.repeat();
        }
        int javaRet = java.program("countIfindex").testRun(frame, run.repeat()).retval();
        int cRet = c.program("countIfindex").testRun(frame, run.repeat()).retval();
        expect.equal(cRet, javaRet, run.what() + ": Java's verdict against C's");
        expect.equal(pass ? TC_ACT_OK : TC_ACT_SHOT, javaRet, run.what() + ": Java's verdict");
        expect.equal(pass ? TC_ACT_OK : TC_ACT_SHOT, cRet, run.what() + ": C's verdict");
      }
      Map<Integer, String> expected = Map.of(lo, want.describe());
      Map<Integer, String> javaEntries = describe(javaTable.entries());
      Map<Integer, String> cEntries = describe(cTable.entries());
      expect.equal(cEntries, javaEntries, "Java's table against C's");
      expect.equal(new TreeMap<>(expected), javaEntries, "Java's table (loopback is " + lo + ")");
      expect.equal(new TreeMap<>(expected), cEntries, "C's table (loopback is " + lo + ")");
    }
    expect.verify();
  }

  private static Map<Integer, String> describe(Map<Integer, IfStats> entries) {
    Map<Integer, String> out = new TreeMap<>();
    entries.forEach((k, v) -> out.put(k, v.describe()));
    return out;
  }
}
