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
 * Per-flow counters keyed by the 5-tuple (corpus/classic/FlowCounters.java against
 * c/classic/flow_counters.c), a tc program: whole frames, {@code skb->len} = frame length, the IPv4
 * header at 14. The flow table is worked out here from the frames; a key whose padding is not
 * zeroed would miss on every lookup, which shows as every packet being a "new" flow.
 */
class FlowCountersTest {
  /** struct FlowKey / FlowCounters.FlowKey, matched by member name. */
  static final class FlowKey {
    int srcIp;
    int dstIp;
    byte protocol;
    char srcPort;
    char dstPort;

    String describe() {
      return String.format(
          "%08x->%08x proto %d ports %d->%d",
          srcIp, dstIp, protocol & 0xff, (int) srcPort, (int) dstPort);
    }
  }

  static final class FlowStats {
    long packets;
    long bytes;

    String describe() {
      return "packets=" + packets + " bytes=" + bytes;
    }
  }

  record Run(String what, byte[] frame, int repeat) {}

  @Test
  void countsPerFiveTupleLikeTheCVersion() {
    List<Run> runs =
        List.of(
            new Run("TCP flow A", Packet.tcpFrame(100), 1),
            new Run("UDP flow B", Packet.udpFrame(60), 1),
            new Run("TCP flow A again x3", Packet.tcpFrame(1514), 3),
            new Run(
                "TCP flow C (reverse of A)",
                Packet.ethernet().ipv4("10.0.0.2", "10.0.0.1").tcp(443, 40000).payload(10).build(),
                1),
            new Run(
                "UDP flow D (other source port)",
                Packet.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(5001, 53).payload(5).build(),
                2),
            new Run(
                "UDP flow B with IP options (same 5-tuple)",
                Classic.withIpOptions(Packet.udpFrame(80)),
                1),
            new Run(
                "TCP with IP options, flow E",
                Classic.withIpOptions(
                    Packet.ethernet()
                        .ipv4("192.168.200.250", "172.16.0.1")
                        .tcp(65535, 8080)
                        .payload(20)
                        .build()),
                1),
            new Run("ICMP flow F (ports 0)", Packet.icmpFrame(98), 2),
            new Run(
                "IPv4 protocol 253 flow G (ports 0)",
                Packet.ethernet().ipv4("10.9.8.7", "10.9.8.6").payload(30).build(),
                1),
            new Run("ARP (not IPv4)", Packet.rawFrame(Packet.ETH_P_ARP, 42), 1),
            new Run("IPv6 (not IPv4)", Packet.rawFrame(Packet.ETH_P_IPV6, 100), 1),
            new Run(
                "UDP cut after the source port: the destination port read is past the end",
                Classic.truncate(Packet.udpFrame(60), 36),
                1),
            new Run("UDP flow B once more", Packet.udpFrame(61), 1));
    Map<String, FlowStats> expected = new TreeMap<>();
    Expect expect = new Expect("classic/FlowCounters");
    try (BpfObject java = Classic.java("FlowCounters");
        BpfObject c = Classic.c("flow_counters");
        MapHandle<FlowKey, FlowStats> javaFlows =
            java.map("flows", FlowKey.class, FlowStats.class);
        MapHandle<FlowKey, FlowStats> cFlows = c.map("flows", FlowKey.class, FlowStats.class)) {
      for (Run run : runs) {
        byte[] frame = run.frame();
        int javaRet = java.program("countFlow").testRun(frame, run.repeat()).retval();
        int cRet = c.program("countFlow").testRun(frame, run.repeat()).retval();
        int ret = account(expected, frame, run.repeat());
        expect.equal(cRet, javaRet, run.what() + ": Java's return value against C's");
        expect.equal(
            ret, javaRet, run.what() + ": Java's return value (0 not IPv4, 1 new, 2 known)");
        expect.equal(ret, cRet, run.what() + ": C's return value");
      }
      Map<String, String> want = new TreeMap<>();
      expected.forEach((k, v) -> want.put(k, v.describe()));
      Map<String, String> javaTable = describe(javaFlows.entries());
      Map<String, String> cTable = describe(cFlows.entries());
      expect.equal(cTable, javaTable, "Java's flow table against C's");
      expect.equal(want, javaTable, "Java's flow table");
      expect.equal(want, cTable, "C's flow table");
    }
    expect.verify();
  }

  /**
   * Accounts {@code repeat} runs of {@code frame} in {@code table}; returns what the last run
   * returns.
   */
  private static int account(Map<String, FlowStats> table, byte[] frame, int repeat) {
    int ip = Packet.ETH_HLEN;
    if (Packet.etherTypeOf(frame) != Packet.ETH_P_IP) {
      return 0;
    }
    int ihl = (frame[ip] & 0xf) * 4;
    FlowKey key = new FlowKey();
    key.protocol = frame[ip + 9];
    key.srcIp = word(frame, ip + 12);
    key.dstIp = word(frame, ip + 16);
    if (key.protocol == Packet.IPPROTO_TCP || key.protocol == Packet.IPPROTO_UDP) {
      if (ip + ihl + 4 > frame.length) {
        return 0; // a packet read past the end ends the program with 0
      }
      key.srcPort = (char) Packet.u16(frame, ip + ihl);
      key.dstPort = (char) Packet.u16(frame, ip + ihl + 2);
    }
    FlowStats s = table.get(key.describe());
    boolean known = s != null;
    if (!known) {
      s = new FlowStats();
      table.put(key.describe(), s);
    }
    s.packets += repeat;
    s.bytes += (long) frame.length * repeat;
    return known || repeat > 1 ? 2 : 1;
  }

  private static int word(byte[] frame, int offset) {
    return (Packet.u16(frame, offset) << 16) | Packet.u16(frame, offset + 2);
  }

  private static Map<String, String> describe(Map<FlowKey, FlowStats> entries) {
    Map<String, String> out = new TreeMap<>();
    entries.forEach((k, v) -> out.put(k.describe(), v.describe()));
    return out;
  }
}
