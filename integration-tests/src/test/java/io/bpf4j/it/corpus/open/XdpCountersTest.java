package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021AD;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_ICMP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;
import static io.bpf4j.it.corpus.open.Frames.vlan;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf xdp1 and xdp2 (corpus/open/Xdp1.java and Xdp2.java against c/public/xdp1_kern.c and
 * xdp2_kern.c): both count frames per IP protocol after up to two VLAN tags in a PERCPU_ARRAY; xdp1
 * drops everything, xdp2 sends UDP back with the MACs swapped (XDP_TX). On IPv4/IPv6 with TCP, UDP
 * and ICMP, VLAN, QinQ and three tags, and frames cut inside each header, the Java port and clang's
 * build must return the same verdicts, leave the same bytes and count the same, and all of it must
 * match the protocol table worked out here.
 */
class XdpCountersTest {
  record Run(String what, byte[] frame, int repeat) {}

  static List<Run> runs() {
    return List.of(
        new Run("IPv4/UDP", eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(5000, 53, payload(22)))), 1),
        new Run("IPv4/TCP x3", eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(40000, 443, payload(9)))), 3),
        new Run("IPv4/ICMP", eth(ETH_P_IP, ipv4(IPPROTO_ICMP, payload(16))), 1),
        new Run("IPv6/TCP", eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcp(1, 2, payload(4)))), 1),
        new Run("IPv6/UDP x2", eth(ETH_P_IPV6, ipv6(IPPROTO_UDP, 2, udp(1, 2, payload(4)))), 2),
        new Run(
            "802.1Q IPv4/UDP",
            eth(ETH_P_8021Q, vlan(100, ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 9, payload(4))))),
            1),
        new Run(
            "802.1ad+802.1Q IPv6/UDP",
            eth(
                ETH_P_8021AD,
                vlan(
                    1,
                    ETH_P_8021Q,
                    vlan(2, ETH_P_IPV6, ipv6(IPPROTO_UDP, 3, udp(1, 2, payload(8)))))),
            1),
        new Run(
            "three 802.1Q tags (the third is not skipped: protocol 0)",
            eth(
                ETH_P_8021Q,
                vlan(
                    1, ETH_P_8021Q, vlan(2, ETH_P_8021Q, vlan(3, ETH_P_IP, ipv4(17, payload(8)))))),
            1),
        new Run("IPv4 protocol 253", eth(ETH_P_IP, ipv4(253, payload(30))), 1),
        new Run("ARP", Packet.rawFrame(ETH_P_ARP, 42), 1),
        new Run("IPv4 cut at 10 header bytes", eth(ETH_P_IP, payload(10)), 1),
        new Run("IPv6 cut at 39 header bytes", eth(ETH_P_IPV6, payload(39)), 1),
        new Run("802.1Q cut inside its tag (no count)", eth(ETH_P_8021Q, payload(2)), 1),
        new Run(
            "802.1Q+802.1Q cut inside the second tag (no count)",
            eth(ETH_P_8021Q, vlan(1, ETH_P_8021Q, payload(3))),
            1),
        new Run("bare Ethernet header, IPv4 EtherType", eth(ETH_P_IP, new byte[0]), 1));
  }

  /** The samples' parse, worked out here: the count index, or -1 for a frame cut in a tag. */
  static int index(byte[] f) {
    int off = 14;
    int proto = Packet.u16(f, 12);
    for (int tag = 0; tag < 2; tag++) {
      if (proto == ETH_P_8021Q || proto == ETH_P_8021AD) {
        off += 4;
        if (off > f.length) {
          return -1;
        }
        proto = Packet.u16(f, off - 2);
      }
    }
    if (proto == ETH_P_IP) {
      return off + 20 > f.length ? 0 : f[off + 9] & 0xff;
    }
    if (proto == ETH_P_IPV6) {
      return off + 40 > f.length ? 0 : f[off + 6] & 0xff;
    }
    return 0;
  }

  @Test
  void xdp1CountsAndDropsLikeTheSample() {
    Map<Integer, Long> want = new TreeMap<>();
    try (Twins t = new Twins("Xdp1", "xdpProg1", "xdp1_kern", "xdpProg1")) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), run.repeat());
        t.want(run.what(), ours, 1, run.frame());
        int index = index(run.frame());
        if (index >= 0) {
          want.merge(index, (long) run.repeat(), Long::sum);
        }
      }
      Map<Integer, Long> counts = t.compareCounts("rxcnt", "rxcnt", true);
      t.expect.equal(want, counts, "rxcnt per protocol, summed over CPUs");
      t.expect.verify();
    }
  }

  @Test
  void xdp2SendsUdpBackWithMacsSwappedLikeTheSample() {
    Map<Integer, Long> want = new TreeMap<>();
    try (Twins t = new Twins("Xdp2", "xdpProg1", "xdp2_kern", "xdp_prog1")) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), run.repeat());
        int index = index(run.frame());
        if (index == IPPROTO_UDP) {
          // A repeated XDP test run goes on with the bytes the previous run left: an even number
          // of swaps gives the frame back.
          byte[] swapped = Twins.copy(run.frame());
          if (run.repeat() % 2 == 1) {
            System.arraycopy(run.frame(), 6, swapped, 0, 6);
            System.arraycopy(run.frame(), 0, swapped, 6, 6);
          }
          t.want(run.what(), ours, 3, swapped);
        } else {
          t.want(run.what(), ours, 1, run.frame());
        }
        if (index >= 0) {
          want.merge(index, (long) run.repeat(), Long::sum);
        }
      }
      Map<Integer, Long> counts = t.compareCounts("dropcnt", "dropcnt", true);
      t.expect.equal(want, counts, "dropcnt per protocol, summed over CPUs");
      t.expect.verify();
    }
  }
}
