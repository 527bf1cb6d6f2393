package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/TcClassifier.java: tc sees whole frames (len = frame length). IPv4 up to maxLen gets
 * TC_ACT_OK (0), the rest TC_ACT_SHOT (2); counts per ifindex (loopback) and per verdict.
 */
class TcClassifierTest {
  static final class Count {
    long packets;
    long bytes;
  }

  static final class Policy {
    int maxLen;
  }

  @Test
  void passesShortIpv4AndShootsTheRest() {
    int lo = Corpus.loopbackIfindex();
    int maxLen = 1000;
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.tcpFrame(1514),
            Packet.rawFrame(Packet.ETH_P_ARP, 42),
            Packet.rawFrame(Packet.ETH_P_IPV6, 100),
            Packet.icmpFrame(1000),
            Packet.icmpFrame(1001),
            Packet.tcpFrame(54));
    long[] verdictPackets = new long[2];
    long[] verdictBytes = new long[2];
    long bytes = 0;
    Expect expect = new Expect("TcClassifier");
    try (BpfObject obj = Corpus.load("TcClassifier");
        MapHandle<Integer, Count> perIfindex = obj.map("perIfindex", Integer.class, Count.class);
        MapHandle<Integer, Count> verdicts = obj.map("verdicts", Integer.class, Count.class);
        MapHandle<Integer, Policy> policy = obj.map("policy", Integer.class, Policy.class)) {
      Policy p = new Policy();
      p.maxLen = maxLen;
      policy.put(0, p);
      for (byte[] frame : frames) {
        int len = frame.length;
        boolean pass = Packet.etherTypeOf(frame) == Packet.ETH_P_IP && len <= maxLen;
        int ret = obj.program("classify").testRun(frame, 1).retval();
        expect.equal(
            pass ? 0 : 2,
            ret,
            "EtherType 0x" + Integer.toHexString(Packet.etherTypeOf(frame)) + " len " + len);
        verdictPackets[pass ? 0 : 1]++;
        verdictBytes[pass ? 0 : 1] += len;
        bytes += len;
      }
      Count c = perIfindex.get(lo);
      expect.isTrue(c != null, "no entry for loopback's ifindex " + lo + ": " + perIfindex.keys());
      if (c != null) {
        expect.equal((long) frames.size(), c.packets, "packets on ifindex " + lo);
        expect.equal(bytes, c.bytes, "bytes on ifindex " + lo);
      }
      expect.equal(List.of(lo), perIfindex.keys(), "ifindexes seen");
      for (int v = 0; v < 2; v++) {
        Count got = verdicts.get(v);
        expect.equal(verdictPackets[v], got.packets, (v == 0 ? "passed" : "dropped") + " packets");
        expect.equal(verdictBytes[v], got.bytes, (v == 0 ? "passed" : "dropped") + " bytes");
      }
    }
    expect.verify();
  }
}
