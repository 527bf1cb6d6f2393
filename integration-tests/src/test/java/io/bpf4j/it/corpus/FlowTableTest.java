package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * corpus/FlowTable.java: a HASH map keyed by a padded @Struct. The expected table is built here
 * from the frames; a key with non-zeroed padding would never be found again, which shows as every
 * packet returning 1 (new flow) and duplicate-looking entries.
 */
class FlowTableTest {
  static final class FlowKey {
    char etherType;
    byte pktType;
    int sizeClass;

    String describe() {
      return "etherType=0x"
          + Integer.toHexString(etherType)
          + " pktType="
          + pktType
          + " size="
          + sizeClass;
    }
  }

  static final class FlowStats {
    long packets;
    long bytes;
    short minLen;
    short maxLen;
    int lastLen;
    byte lastPktType;

    String describe() {
      return "packets="
          + packets
          + " bytes="
          + bytes
          + " min="
          + minLen
          + " max="
          + maxLen
          + " last="
          + lastLen
          + " lastType="
          + lastPktType;
    }
  }

  @Test
  void countsPerFlowKeyedByAPaddedStruct() {
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(60),
            Packet.udpFrame(90),
            Packet.tcpFrame(1514),
            Packet.udpFrame(70),
            Packet.tcpFrame(1200),
            Packet.rawFrame(Packet.ETH_P_IPV6, 200),
            Packet.ethernet()
                .dstMac("33:33:00:00:00:01")
                .etherType(Packet.ETH_P_IPV6)
                .payload(186)
                .build(),
            Packet.ethernet()
                .dstMac("02:00:00:00:00:07")
                .ipv4("10.0.0.3", "10.0.0.4")
                .udp(1, 2)
                .payload(10)
                .build(),
            Packet.tcpFrame(500),
            Packet.udpFrame(60));
    Map<String, FlowStats> expected = new LinkedHashMap<>();
    Expect expect = new Expect("FlowTable");
    try (BpfObject obj = Corpus.load("FlowTable");
        MapHandle<FlowKey, FlowStats> flows = obj.map("flows", FlowKey.class, FlowStats.class)) {
      for (byte[] frame : frames) {
        int len = Packet.networkLength(frame);
        FlowKey key = new FlowKey();
        key.etherType = (char) Packet.etherTypeOf(frame);
        key.pktType = (byte) Packet.pktType(frame);
        key.sizeClass = len < 100 ? 0 : len < 1000 ? 1 : 2;
        FlowStats s = expected.get(key.describe());
        boolean isNew = s == null;
        if (isNew) {
          s = new FlowStats();
          s.minLen = (short) len;
          s.maxLen = (short) len;
          expected.put(key.describe(), s);
        }
        s.packets++;
        s.bytes += len;
        s.minLen = (short) Math.min(s.minLen, len);
        s.maxLen = (short) Math.max(s.maxLen, len);
        s.lastLen = len;
        s.lastPktType = key.pktType;
        int ret = obj.program("track").testRun(frame, 1).retval();
        expect.equal(
            isNew ? 1 : 2, ret, key.describe() + " len " + len + ": return (1 new, 2 known)");
      }
      Map<String, String> got = new TreeMap<>();
      flows.entries().forEach((k, v) -> got.put(k.describe(), v.describe()));
      Map<String, String> want = new TreeMap<>();
      expected.forEach((k, v) -> want.put(k, v.describe()));
      expect.equal(want, got, "the flow table");
    }
    expect.verify();
  }
}
