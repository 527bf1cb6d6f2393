package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_ICMP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_IPIP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.IP_DF;
import static io.bpf4j.it.corpus.open.Frames.IP_MF;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;
import static io.bpf4j.it.corpus.open.Frames.vlan;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf parse_simple, parse_ldabs and parse_varlen (corpus/open/ParseSimple.java,
 * ParseLdabs.java, ParseVarlen.java against c/public/*.c): tc filters that return TC_ACT_SHOT (2)
 * for pktgen's UDP port 9 (parse_varlen also for TCP port 80, through options, IPIP, IPv6 and
 * IPv6-in-IPv6) and 0 otherwise. On each frame the Java port and clang's build must return the same
 * value and leave the frame as it was, and the value must be the one this table gives.
 */
class TcFiltersTest {
  /** One frame and what parse_simple, parse_ldabs and parse_varlen return for it. */
  record Run(String what, byte[] frame, int simple, int ldabs, int varlen) {}

  static final int SHOT = 2;

  static byte[] udp4(int sport, int dport) {
    return eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(sport, dport, payload(18))));
  }

  static byte[] tcp4(int sport, int dport) {
    return eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(sport, dport, payload(6))));
  }

  static List<Run> runs() {
    byte[] udpTo9 = udp(5000, 9, payload(4));
    return List.of(
        new Run("IPv4/UDP to 9", udp4(5000, 9), SHOT, SHOT, SHOT),
        new Run("IPv4/UDP to 53", udp4(5000, 53), 0, 0, 0),
        new Run("IPv4/UDP from 9 to 53", udp4(9, 53), 0, 0, SHOT),
        new Run("IPv4/TCP to 9", tcp4(40000, 9), 0, 0, 0),
        new Run("IPv4/TCP to 80", tcp4(40000, 80), 0, 0, SHOT),
        new Run("IPv4/TCP from 80", tcp4(80, 40000), 0, 0, SHOT),
        new Run("IPv4/TCP 443", tcp4(40000, 443), 0, 0, 0),
        new Run(
            "IPv4 with options (IHL 7)/UDP to 9",
            eth(ETH_P_IP, ipv4(7, IPPROTO_UDP, IP_DF, "10.0.0.1", "10.0.0.2", udpTo9)),
            0,
            0,
            SHOT),
        new Run(
            "IPv4 first fragment (MF)/UDP to 9",
            eth(ETH_P_IP, ipv4(5, IPPROTO_UDP, IP_MF, "10.0.0.1", "10.0.0.2", udpTo9)),
            0,
            0,
            0),
        new Run(
            "IPv4 later fragment (offset 100)/UDP to 9",
            eth(ETH_P_IP, ipv4(5, IPPROTO_UDP, 100, "10.0.0.1", "10.0.0.2", udpTo9)),
            0,
            0,
            0),
        new Run(
            "IPIP, inner TCP to 80",
            eth(ETH_P_IP, ipv4(IPPROTO_IPIP, ipv4(IPPROTO_TCP, tcp(1, 80, payload(2))))),
            0,
            0,
            SHOT),
        new Run(
            "IPIP, inner UDP to 53",
            eth(ETH_P_IP, ipv4(IPPROTO_IPIP, ipv4(IPPROTO_UDP, udp(1, 53, payload(2))))),
            0,
            0,
            0),
        new Run(
            "IPIP cut inside the inner header",
            eth(ETH_P_IP, ipv4(IPPROTO_IPIP, payload(12))),
            0,
            0,
            0),
        new Run(
            "IPv6/TCP to 80",
            eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcp(1, 80, payload(2)))),
            0,
            0,
            SHOT),
        new Run("IPv6/UDP to 9", eth(ETH_P_IPV6, ipv6(IPPROTO_UDP, 2, udpTo9)), 0, 0, SHOT),
        new Run(
            "IPv6/UDP to 53",
            eth(ETH_P_IPV6, ipv6(IPPROTO_UDP, 2, udp(1, 53, payload(4)))),
            0,
            0,
            0),
        new Run(
            "IPv6-in-IPv6, inner TCP from 80",
            eth(ETH_P_IPV6, ipv6(IPPROTO_IPV6, 2, ipv6(IPPROTO_TCP, 3, tcp(80, 1, payload(2))))),
            0,
            0,
            SHOT),
        new Run(
            "IPv4-in-IPv6, inner UDP to 9",
            eth(ETH_P_IPV6, ipv6(IPPROTO_IPIP, 2, ipv4(IPPROTO_UDP, udpTo9))),
            0,
            0,
            SHOT),
        new Run(
            "EtherType 0x0081 (what the sample's VLAN test matches), IPv4/TCP to 80",
            eth(0x0081, vlan(5, ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 80, payload(2))))),
            0,
            0,
            SHOT),
        new Run(
            "EtherTypes 0xA888 then 0x0081, IPv6/UDP to 9",
            eth(0xA888, vlan(1, 0x0081, vlan(2, ETH_P_IPV6, ipv6(IPPROTO_UDP, 2, udpTo9)))),
            0,
            0,
            SHOT),
        new Run(
            "a real 802.1Q tag, IPv4/TCP to 80 (not skipped by the sample)",
            eth(ETH_P_8021Q, vlan(5, ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 80, payload(2))))),
            0,
            0,
            0),
        new Run(
            "IPv4/UDP to 9 cut at 7 UDP bytes",
            eth(ETH_P_IP, ipv4(IPPROTO_UDP, Arrays.copyOf(udpTo9, 7))),
            0,
            SHOT,
            0),
        new Run(
            "IPv4/UDP to 9 cut at 3 UDP bytes",
            eth(ETH_P_IP, ipv4(IPPROTO_UDP, Arrays.copyOf(udpTo9, 3))),
            0,
            0,
            0),
        new Run(
            "IPv4/TCP to 80 cut at 19 TCP bytes",
            eth(ETH_P_IP, ipv4(IPPROTO_TCP, Arrays.copyOf(tcp(1, 80, new byte[0]), 19))),
            0,
            0,
            0),
        new Run("IPv4/ICMP", eth(ETH_P_IP, ipv4(IPPROTO_ICMP, payload(16))), 0, 0, 0),
        new Run("ARP", Packet.rawFrame(ETH_P_ARP, 42), 0, 0, 0),
        new Run("bare Ethernet header", Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 14), 0, 0, 0));
  }

  private static void check(String javaClass, String cFile, String cProgram, int column) {
    try (Twins t = new Twins(javaClass, "handleIngress", cFile, cProgram)) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), 1);
        int want = column == 0 ? run.simple() : column == 1 ? run.ldabs() : run.varlen();
        t.want(run.what(), ours, want, run.frame());
      }
      t.expect.verify();
    }
  }

  @Test
  void parseSimpleFiltersLikeTheSample() {
    check("ParseSimple", "parse_simple", "handleIngress", 0);
  }

  @Test
  void parseLdabsFiltersLikeTheSample() {
    check("ParseLdabs", "parse_ldabs", "handle_ingress", 1);
  }

  @Test
  void parseVarlenFiltersLikeTheSample() {
    check("ParseVarlen", "parse_varlen", "handle_ingress", 2);
  }
}
