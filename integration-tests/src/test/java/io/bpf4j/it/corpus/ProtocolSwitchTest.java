package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/ProtocolSwitch.java: a lookupswitch on the EtherType and a tableswitch on the length; the
 * return value is class * 16 + size class, and packets and bytes are counted per class.
 */
class ProtocolSwitchTest {
  static final class Count {
    long packets;
    long bytes;
  }

  static int expectedClass(int etherType) {
    if (etherType == Packet.ETH_P_IP) {
      return 1;
    }
    if (etherType == Packet.ETH_P_IPV6) {
      return 2;
    }
    if (etherType == Packet.ETH_P_ARP) {
      return 3;
    }
    if (etherType == 0x8100 || etherType == 0x88A8) {
      return 4;
    }
    return 0;
  }

  static int expectedSizeClass(int len) {
    if (len < 256) {
      return 0;
    }
    if (len < 512) {
      return 1;
    }
    if (len < 1024) {
      return 2;
    }
    if (len < 1536) {
      return 3;
    }
    return 4;
  }

  @Test
  void classifiesByEtherTypeAndSize() {
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.tcpFrame(1514),
            Packet.icmpFrame(600),
            Packet.icmpFrame(1100),
            Packet.rawFrame(Packet.ETH_P_ARP, 42),
            Packet.rawFrame(Packet.ETH_P_IPV6, 100),
            Packet.rawFrame(Packet.ETH_P_IPV6, 2000),
            Packet.rawFrame(0x8100, 70),
            Packet.rawFrame(0x88A8, 300),
            Packet.rawFrame(0x88CC, 60),
            Packet.rawFrame(0x0801, 60),
            Packet.rawFrame(0x0000, 270));
    long[] packets = new long[5];
    long[] bytes = new long[5];
    Expect expect = new Expect("ProtocolSwitch");
    try (BpfObject obj = Corpus.load("ProtocolSwitch");
        MapHandle<Integer, Count> perClass = obj.map("perClass", Integer.class, Count.class)) {
      for (byte[] frame : frames) {
        int len = Packet.networkLength(frame);
        int cls = expectedClass(Packet.etherTypeOf(frame));
        int ret = obj.program("classify").testRun(frame, 1).retval();
        expect.equal(
            cls * 16 + expectedSizeClass(len),
            ret,
            "EtherType 0x" + Integer.toHexString(Packet.etherTypeOf(frame)) + " len " + len);
        packets[cls]++;
        bytes[cls] += len;
      }
      for (int c = 0; c < 5; c++) {
        Count got = perClass.get(c);
        expect.equal(packets[c], got.packets, "class " + c + " packets");
        expect.equal(bytes[c], got.bytes, "class " + c + " bytes");
      }
    }
    expect.verify();
  }
}
