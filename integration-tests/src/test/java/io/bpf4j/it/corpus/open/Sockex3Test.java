package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021AD;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_GRE;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_ICMP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_IPIP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.IP_MF;
import static io.bpf4j.it.corpus.open.Frames.cat;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.u16;
import static io.bpf4j.it.corpus.open.Frames.udp;
import static io.bpf4j.it.corpus.open.Frames.vlan;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.ProgArrayHandle;
import io.bpf4j.runtime.TestRunResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf sockex3 (corpus/open/Sockex3.java against c/public/sockex3_kern.c): a flow dissector
 * in five socket filters chained by tail calls through jmp_table, which the test fills as the
 * sample's user space does (slot 1 VLAN, 2 MPLS, 3 IPv4, 4 IPv6). Frames go in behind an outer
 * Ethernet header ({@link Frames#forSocketFilter}: the sample reads from the Ethernet header, a
 * test run starts at the network header). Both builds must return 0 and count the same packets and
 * bytes per flow (addresses, ports, protocol), as each run says. The ICMP frame comes first: the
 * sample keeps the flow in a per-CPU slot and ICMP leaves its ports as the slot has them, 0 only
 * while nothing else ran.
 */
class Sockex3Test {
  /** A frame, how many runs, and the flow it counts as "src dst ports proto" (null: none). */
  record Run(String what, byte[] frame, int repeat, String flow) {}

  static String flow(int src, int dst, int ports, int proto) {
    return String.format("%08x %08x %08x %d", src, dst, ports, proto);
  }

  static int ip(String dotted) {
    return Sockex2Test.ip(dotted);
  }

  /** An MPLS label stack entry: label, and the bottom-of-stack bit. */
  static byte[] mpls(int label, boolean bottom) {
    int entry = (label << 12) | (bottom ? 0x100 : 0) | 64;
    return cat(u16(entry >>> 16), u16(entry));
  }

  static List<Run> runs() {
    byte[] udp53 = udp(5000, 53, payload(10));
    int ports53 = (5000 << 16) | 53;
    return List.of(
        new Run(
            "IPv4/ICMP (first: its ports are the slot's, still 0)",
            eth(ETH_P_IP, ipv4("10.0.0.1", "10.0.0.9", IPPROTO_ICMP, payload(12))),
            1,
            flow(ip("10.0.0.1"), ip("10.0.0.9"), 0, IPPROTO_ICMP)),
        new Run(
            "IPv4/UDP x2",
            eth(ETH_P_IP, ipv4("10.0.0.1", "10.0.0.2", IPPROTO_UDP, udp53)),
            2,
            flow(ip("10.0.0.1"), ip("10.0.0.2"), ports53, IPPROTO_UDP)),
        new Run(
            "IPv4/TCP",
            eth(ETH_P_IP, ipv4("10.0.0.3", "10.0.0.4", IPPROTO_TCP, tcp(40000, 443, payload(4)))),
            1,
            flow(ip("10.0.0.3"), ip("10.0.0.4"), (40000 << 16) | 443, IPPROTO_TCP)),
        new Run(
            "IPv6/TCP",
            eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 5, tcp(1, 2, payload(4)))),
            1,
            flow(Sockex2Test.ipv6Hash(1), Sockex2Test.ipv6Hash(5), (1 << 16) | 2, IPPROTO_TCP)),
        new Run(
            "802.1Q IPv4/UDP (two tail calls)",
            eth(ETH_P_8021Q, vlan(7, ETH_P_IP, ipv4("10.0.0.1", "10.0.0.2", IPPROTO_UDP, udp53))),
            1,
            flow(ip("10.0.0.1"), ip("10.0.0.2"), ports53, IPPROTO_UDP)),
        new Run(
            "802.1ad+802.1Q IPv4/UDP",
            eth(
                ETH_P_8021AD,
                vlan(1, ETH_P_8021Q, vlan(2, ETH_P_IP, ipv4("10.1.1.1", "10.1.1.2", 17, udp53)))),
            1,
            flow(ip("10.1.1.1"), ip("10.1.1.2"), ports53, IPPROTO_UDP)),
        new Run(
            "IPIP: the inner flow",
            eth(
                ETH_P_IP,
                ipv4(
                    "10.0.0.1",
                    "10.0.0.2",
                    IPPROTO_IPIP,
                    ipv4("192.168.0.1", "192.168.0.7", IPPROTO_UDP, udp53))),
            1,
            flow(ip("192.168.0.1"), ip("192.168.0.7"), ports53, IPPROTO_UDP)),
        new Run(
            "GRE (no flags), inner IPv4/TCP",
            eth(
                ETH_P_IP,
                ipv4(
                    IPPROTO_GRE,
                    cat(
                        u16(0),
                        u16(ETH_P_IP),
                        ipv4("172.16.0.1", "172.16.0.9", 6, tcp(7, 8, payload(2)))))),
            1,
            flow(ip("172.16.0.1"), ip("172.16.0.9"), (7 << 16) | 8, IPPROTO_TCP)),
        new Run(
            "GRE with the flags word 0x0100 (the sample's GRE_VERSION): not counted",
            eth(ETH_P_IP, ipv4(IPPROTO_GRE, cat(u16(0x0100), u16(ETH_P_IP), payload(30)))),
            1,
            null),
        new Run(
            "MPLS, bottom of stack, IPv6/UDP",
            eth(0x8847, cat(mpls(16, true), ipv6(IPPROTO_UDP, 6, udp53))),
            1,
            flow(Sockex2Test.ipv6Hash(1), Sockex2Test.ipv6Hash(6), ports53, IPPROTO_UDP)),
        new Run(
            "MPLS, two labels, IPv6/TCP (three tail calls)",
            eth(
                0x8848,
                cat(mpls(16, false), mpls(17, true), ipv6(IPPROTO_TCP, 7, tcp(3, 4, payload(2))))),
            1,
            flow(Sockex2Test.ipv6Hash(1), Sockex2Test.ipv6Hash(7), (3 << 16) | 4, IPPROTO_TCP)),
        new Run(
            "MPLS then IPv4 (the sample reads it as IPv6: next header 64, not counted)",
            eth(0x8847, cat(mpls(16, true), ipv4(IPPROTO_UDP, udp(1, 2, payload(30))))),
            1,
            null),
        new Run(
            "IPv4 fragment (MF): not counted",
            eth(ETH_P_IP, ipv4(5, IPPROTO_UDP, IP_MF, "10.0.0.1", "10.0.0.2", udp53)),
            1,
            null),
        new Run(
            "IPv4/UDP cut 2 bytes into the ports (the read ends the program)",
            eth(ETH_P_IP, ipv4("10.0.0.1", "10.0.0.8", IPPROTO_UDP, payload(2))),
            1,
            null),
        new Run("ARP: no parser", Packet.rawFrame(ETH_P_ARP, 42), 1, null));
  }

  static void fillJumpTable(BpfObject obj, String... programs) {
    try (ProgArrayHandle jmp = obj.progArray("jmp_table")) {
      for (int slot = 1; slot <= 4; slot++) {
        jmp.set(slot, obj.program(programs[slot - 1]));
      }
    }
  }

  /**
   * hash_map as "flow: packets, bytes", from its raw bytes (the runtime's decoder refuses the C
   * key's anonymous union, see {@link MapDump}); {@code program} is one that uses the map.
   */
  static Map<String, String> flows(BpfProgram program) {
    Map<String, String> out = new TreeMap<>();
    for (MapDump.Entry e : MapDump.entries(program, "hash_map")) {
      byte[] k = e.key();
      byte[] v = e.value();
      out.put(
          flow(MapDump.u32(k, 0), MapDump.u32(k, 4), MapDump.u32(k, 8), MapDump.u32(k, 12)),
          MapDump.u64(v, 0) + " packets, " + MapDump.u64(v, 8) + " bytes");
    }
    return out;
  }

  @Test
  void countsFlowsThroughTailCallsLikeTheSample() {
    Map<String, long[]> want = new TreeMap<>();
    try (Twins t = new Twins("Sockex3", "mainProg", "sockex3_kern", "main_prog")) {
      fillJumpTable(
          t.java, "bpfFuncParseVlan", "bpfFuncParseMpls", "bpfFuncParseIp", "bpfFuncParseIpv6");
      fillJumpTable(
          t.c,
          "bpf_func_PARSE_VLAN",
          "bpf_func_PARSE_MPLS",
          "bpf_func_PARSE_IP",
          "bpf_func_PARSE_IPV6");
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), Frames.forSocketFilter(run.frame()), run.repeat());
        t.want(run.what(), ours, 0, null);
        if (run.flow() != null) {
          long[] pb = want.computeIfAbsent(run.flow(), k -> new long[2]);
          pb[0] += run.repeat();
          pb[1] += (long) run.repeat() * run.frame().length;
        }
        String after = "after " + run.what() + ": ";
        Map<String, String> wantTable = new TreeMap<>();
        want.forEach((k, v) -> wantTable.put(k, v[0] + " packets, " + v[1] + " bytes"));
        t.expect.equal(
            wantTable, flows(t.java.program("bpfFuncParseIp")), after + "Java's hash_map");
        t.expect.equal(wantTable, flows(t.c.program("bpf_func_PARSE_IP")), after + "C's hash_map");
      }
      t.expect.verify();
    }
  }
}
