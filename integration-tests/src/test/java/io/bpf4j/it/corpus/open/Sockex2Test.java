package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021AD;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_GRE;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_IPIP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.IP_DF;
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
import io.bpf4j.runtime.TestRunResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf sockex2 (corpus/open/Sockex2.java against c/public/sockex2_kern.c): a socket filter's
 * flow dissector that counts packets per destination address. The sample runs on a packet socket,
 * where data starts at the Ethernet header; a test run starts a socket filter at the network
 * header, so each frame goes in behind an outer Ethernet header ({@link Frames#forSocketFilter}).
 * Both builds must return 0, leave the bytes alone and fill their hash maps as each run says: the
 * destination key it counts (IPv6 addresses as the sample folds them, XOR of their words), or none
 * when the dissector gives up or a read runs past the end. Both builds agree on every frame: our C
 * twin inlines all of its dissector, so a failed LD_ABS ends the whole program there too (a
 * non-inlined parse function would end only itself, and its caller would count key 0).
 */
class Sockex2Test {
  /** A frame, how many times to run it, and the destination key the sample counts (null: none). */
  record Run(String what, byte[] frame, int repeat, Integer key) {}

  static int ip(String dotted) {
    byte[] b = Packet.ip(dotted);
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /** The sample's ipv6_addr_hash of 2001:db8::{@code last}. */
  static int ipv6Hash(int last) {
    return 0x20010db8 ^ last;
  }

  static List<Run> runs() {
    byte[] udp53 = udp(5000, 53, payload(10));
    return List.of(
        new Run(
            "IPv4/UDP",
            eth(ETH_P_IP, ipv4("10.0.0.1", "10.0.0.2", IPPROTO_UDP, udp53)),
            1,
            ip("10.0.0.2")),
        new Run(
            "IPv4/TCP x3",
            eth(ETH_P_IP, ipv4("10.0.0.1", "10.0.0.3", IPPROTO_TCP, tcp(1, 2, payload(4)))),
            3,
            ip("10.0.0.3")),
        new Run(
            "IPv4/UDP again, to 10.0.0.2",
            eth(ETH_P_IP, ipv4("10.9.9.9", "10.0.0.2", IPPROTO_UDP, udp53)),
            1,
            ip("10.0.0.2")),
        new Run(
            "802.1Q IPv4/UDP",
            eth(ETH_P_8021Q, vlan(7, ETH_P_IP, ipv4("10.0.0.1", "10.0.0.4", IPPROTO_UDP, udp53))),
            1,
            ip("10.0.0.4")),
        new Run(
            "802.1ad+802.1Q IPv4/TCP",
            eth(
                ETH_P_8021AD,
                vlan(1, ETH_P_8021Q, vlan(2, ETH_P_IP, ipv4("1.2.3.4", "10.0.0.5", 6, udp53)))),
            1,
            ip("10.0.0.5")),
        new Run(
            "IPv6/TCP",
            eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcp(1, 2, payload(4)))),
            2,
            ipv6Hash(2)),
        new Run(
            "IPv4 with options (IHL 6)/UDP",
            eth(ETH_P_IP, ipv4(6, IPPROTO_UDP, IP_DF, "10.0.0.1", "10.0.0.6", udp53)),
            1,
            ip("10.0.0.6")),
        new Run(
            "IPv4 fragment (MF): protocol taken as 0",
            eth(ETH_P_IP, ipv4(5, IPPROTO_UDP, IP_MF, "10.0.0.1", "10.0.0.6", udp53)),
            1,
            ip("10.0.0.6")),
        new Run(
            "IPIP: the inner destination",
            eth(
                ETH_P_IP,
                ipv4(
                    "10.0.0.1",
                    "10.0.0.2",
                    IPPROTO_IPIP,
                    ipv4("192.168.0.1", "192.168.0.7", IPPROTO_UDP, udp53))),
            1,
            ip("192.168.0.7")),
        new Run(
            "IPv6 in IPv4",
            eth(ETH_P_IP, ipv4(IPPROTO_IPV6, ipv6(IPPROTO_UDP, 9, udp53))),
            1,
            ipv6Hash(9)),
        new Run(
            "GRE (no flags), inner IPv4/UDP",
            eth(
                ETH_P_IP,
                ipv4(
                    IPPROTO_GRE,
                    cat(u16(0), u16(ETH_P_IP), ipv4("172.16.0.1", "172.16.0.9", 17, udp53)))),
            1,
            ip("172.16.0.9")),
        new Run(
            "GRE with the flags word 0x0080 (the sample's GRE_CSUM), inner IPv6/TCP",
            eth(
                ETH_P_IP,
                ipv4(
                    IPPROTO_GRE,
                    cat(u16(0x0080), u16(ETH_P_IPV6), new byte[4], ipv6(6, 5, tcp(1, 2, udp53))))),
            1,
            ipv6Hash(5)),
        new Run(
            "GRE with the flags word 0x0100 (masked by the sample's GRE_VERSION): no address",
            eth(ETH_P_IP, ipv4(IPPROTO_GRE, cat(u16(0x0100), u16(ETH_P_IP), payload(30)))),
            1,
            0),
        new Run(
            "GRE carrying ARP: the dissector gives up",
            eth(ETH_P_IP, ipv4(IPPROTO_GRE, cat(u16(0), u16(ETH_P_ARP), payload(28)))),
            1,
            null),
        new Run("ARP: not IP", Packet.rawFrame(ETH_P_ARP, 42), 1, null),
        new Run(
            "IPv4/UDP cut 2 bytes into the ports (the read ends the program)",
            eth(ETH_P_IP, ipv4("10.0.0.1", "10.0.0.8", IPPROTO_UDP, payload(2))),
            1,
            null),
        new Run("IPv6 cut inside the source address", eth(ETH_P_IPV6, payload(20)), 1, null),
        new Run("IPv6 cut inside the destination address", eth(ETH_P_IPV6, payload(30)), 1, null));
  }

  @Test
  void countsFlowsPerDestinationLikeTheSample() {
    Map<Integer, Long> want = new TreeMap<>();
    try (Twins t = new Twins("Sockex2", "bpfProg2", "sockex2_kern", "bpf_prog2")) {
      for (Run run : runs()) {
        byte[] frame = Frames.forSocketFilter(run.frame());
        TestRunResult ours = t.run(run.what(), frame, run.repeat());
        t.want(run.what(), ours, 0, null);
        if (run.key() != null) {
          want.merge(run.key(), (long) run.repeat(), Long::sum);
        }
        // After every run, so that a difference names the frame that made it.
        String after = "after " + run.what() + ": ";
        t.expect.equal(want, Twins.counts(t.java, "hash_map", false), after + "Java's map");
        t.expect.equal(want, Twins.counts(t.c, "hash_map", false), after + "C's map");
      }
      t.expect.verify();
    }
  }
}
