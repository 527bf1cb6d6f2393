package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** corpus/ByteOrder.java: htons/htonl/ntohs/ntohl, folded and at run time, against the JDK. */
class ByteOrderTest {
  static final class Swapped {
    int htonsConst;
    int htonlConst;
    int ntohsProto;
    int ntohlLen;
    int htonsLen;
    int roundTrip;
    int ntohsWide;
  }

  static int swap16(int v) {
    return Short.toUnsignedInt(Short.reverseBytes((short) v));
  }

  @Test
  void conversionsMatchTheJdk() {
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.tcpFrame(1514),
            Packet.rawFrame(Packet.ETH_P_IPV6, 333),
            Packet.rawFrame(Packet.ETH_P_ARP, 42),
            Packet.rawFrame(0xABCD, 270));
    Expect expect = new Expect("ByteOrder");
    try (BpfObject obj = Corpus.load("ByteOrder");
        MapHandle<Integer, Swapped> swapped = obj.map("swapped", Integer.class, Swapped.class)) {
      for (byte[] frame : frames) {
        int len = Packet.networkLength(frame);
        int type = Packet.etherTypeOf(frame);
        int ret = obj.program("swap").testRun(frame, 1).retval();
        Swapped got = swapped.get(0);
        String what = "EtherType 0x" + Integer.toHexString(type) + " len " + len + ": ";
        expect.equal(type == Packet.ETH_P_IP ? 1 : 0, ret, what + "return value (is IPv4)");
        expect.equal(0x3412, got.htonsConst, what + "htons(0x1234)");
        expect.equal(Integer.reverseBytes(0x0a000001), got.htonlConst, what + "htonl(0x0a000001)");
        expect.equal(type, got.ntohsProto, what + "ntohs(protocol)");
        expect.equal(Integer.reverseBytes(len), got.ntohlLen, what + "ntohl(len)");
        expect.equal(swap16(len), got.htonsLen, what + "htons(len)");
        expect.equal(len * 65537, got.roundTrip, what + "ntohl(htonl(x))");
        expect.equal(
            swap16(len | 0x7fff0000), got.ntohsWide, what + "ntohs of a value over 16 bits");
      }
    }
    expect.verify();
  }
}
