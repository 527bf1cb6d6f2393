package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/Fnv1aHash.java: FNV-1a 64 over the little-endian bytes of len, protocol, pkt_type and
 * ifindex, computed here from the frame and compared with the map entry and the return value.
 */
class Fnv1aHashTest {
  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  static long fnv1a(int... words) {
    long h = FNV_OFFSET;
    for (int w : words) {
      for (int k = 0; k < 4; k++) {
        h ^= (w >>> (8 * k)) & 0xff;
        h *= FNV_PRIME;
      }
    }
    return h;
  }

  @Test
  void hashesMatchFnv1aOfTheContextFields() {
    int lo = Corpus.loopbackIfindex();
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.tcpFrame(1514),
            Packet.rawFrame(Packet.ETH_P_IPV6, 300),
            Packet.ethernet()
                .dstMac("01:00:5e:00:00:fb")
                .ipv4("10.0.0.1", "224.0.0.251")
                .udp(5353, 5353)
                .payload(40)
                .build(),
            Packet.ethernet()
                .dstMac("02:00:00:00:00:42")
                .etherType(Packet.ETH_P_ARP)
                .payload(50)
                .build());
    Expect expect = new Expect("Fnv1aHash");
    try (BpfObject obj = Corpus.load("Fnv1aHash");
        MapHandle<Integer, Long> hashes = obj.map("hashes", Integer.class, Long.class)) {
      for (byte[] frame : frames) {
        int len = Packet.networkLength(frame);
        long h = fnv1a(len, Packet.skbProtocol(frame), Packet.pktType(frame), lo);
        int ret = obj.program("hash").testRun(frame, 1).retval();
        expect.equal((int) (h ^ (h >>> 32)), ret, "len " + len + ": return value");
        expect.equal(h, hashes.get(len), "len " + len + ": stored hash");
      }
      expect.equal(frames.size(), hashes.keys().size(), "entries (one per distinct length)");
    }
    expect.verify();
  }
}
