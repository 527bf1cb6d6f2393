package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/FiveArgs.java: a five-argument BPF-to-BPF call with int, long, short (the protocol,
 * negative as a short for IPv6), byte and int arguments, calling two more helpers.
 */
class FiveArgsTest {
  static final class Salt {
    int salt;
    long weight;
  }

  static long combine(int len, long weight, short proto, byte type, int salt) {
    long acc = len * weight;
    acc = acc * 31 + proto;
    acc = acc * 31 + type;
    acc ^= Integer.rotateLeft(salt, len & 31);
    return acc;
  }

  @Test
  void combinesContextFieldsLikeJava() {
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.tcpFrame(1514),
            Packet.rawFrame(Packet.ETH_P_IPV6, 79),
            Packet.ethernet()
                .dstMac("02:00:00:00:00:09")
                .etherType(Packet.ETH_P_ARP)
                .payload(32)
                .build());
    long[][] salts = {{0, 1}, {0x12345678, 7}, {-1, -3}, {0xdeadbeefL, Long.MAX_VALUE}};
    Expect expect = new Expect("FiveArgs");
    try (BpfObject obj = Corpus.load("FiveArgs");
        MapHandle<Integer, Salt> saltMap = obj.map("salts", Integer.class, Salt.class)) {
      for (long[] s : salts) {
        Salt salt = new Salt();
        salt.salt = (int) s[0];
        salt.weight = s[1];
        saltMap.put(0, salt);
        for (byte[] frame : frames) {
          int len = Packet.networkLength(frame);
          long m =
              combine(
                  len,
                  salt.weight,
                  (short) Packet.skbProtocol(frame),
                  (byte) Packet.pktType(frame),
                  salt.salt);
          int ret = obj.program("combineFields").testRun(frame, 1).retval();
          expect.equal(
              (int) (m ^ (m >>> 32)),
              ret,
              "salt " + salt.salt + " weight " + salt.weight + " len " + len);
        }
      }
    }
    expect.verify();
  }
}
