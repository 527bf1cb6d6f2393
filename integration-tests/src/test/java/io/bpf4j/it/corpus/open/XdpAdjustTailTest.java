package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf xdp_adjust_tail (corpus/open/XdpAdjustTail.java against
 * c/public/xdp_adjust_tail_kern.c): an IPv4 frame over 600 bytes becomes a 126-byte ICMPv4
 * "fragmentation needed" back to its sender (XDP_TX), counted; anything else passes unchanged. Both
 * builds must return the same verdict and bytes and count alike; the reply is checked field by
 * field here (the bytes of the new IPv4 header the sample leaves unwritten come from the headroom,
 * so only the C-against-Java comparison covers them).
 */
class XdpAdjustTailTest {
  record Run(String what, byte[] frame) {}

  static final int TX = 3;
  static final int PASS = 2;

  static byte[] udp4(String src, String dst, int frameLength) {
    return eth(ETH_P_IP, ipv4(src, dst, IPPROTO_UDP, udp(5000, 53, payload(frameLength - 42))));
  }

  static List<Run> runs() {
    return List.of(
        new Run("IPv4/UDP 700", udp4("10.0.0.1", "10.0.0.2", 700)),
        new Run("IPv4/UDP 600: not over the limit", udp4("10.0.0.1", "10.0.0.2", 600)),
        new Run("IPv4/UDP 601", udp4("192.168.1.77", "172.16.5.4", 601)),
        new Run(
            "IPv4/TCP 1514",
            eth(ETH_P_IP, ipv4("10.9.8.7", "10.0.0.2", IPPROTO_TCP, tcp(1, 2, payload(1460))))),
        new Run("IPv4/UDP 64", udp4("10.0.0.1", "10.0.0.2", 64)),
        new Run("IPv6/UDP 700", eth(ETH_P_IPV6, ipv6(IPPROTO_UDP, 2, udp(1, 2, payload(646))))),
        new Run("ARP 60", Packet.rawFrame(ETH_P_ARP, 60)),
        new Run("bare Ethernet header, IPv4 EtherType", eth(ETH_P_IP, new byte[0])));
  }

  /** The reply's fields the sample writes or copies, checked against the frame it came from. */
  static void checkReply(Expect expect, String what, byte[] in, byte[] out) {
    expect.equal(126, out.length, what + ": reply length");
    if (out.length != 126) {
      return;
    }
    expect.equal(hex(in, 6, 6), hex(out, 0, 6), what + ": destination MAC = the sender's");
    expect.equal(hex(in, 0, 6), hex(out, 6, 6), what + ": source MAC = the frame's destination");
    expect.equal(ETH_P_IP, Packet.u16(out, 12), what + ": EtherType");
    expect.equal(0x45, out[14] & 0xff, what + ": version and IHL");
    expect.equal(0, out[15] & 0xff, what + ": TOS");
    expect.equal(112, Packet.u16(out, 16), what + ": total length");
    expect.equal(64, out[22] & 0xff, what + ": TTL");
    expect.equal(1, out[23] & 0xff, what + ": protocol ICMP");
    expect.equal(hex(in, 26, 4), hex(out, 30, 4), what + ": destination = the sender");
    expect.equal(hex(in, 30, 4), hex(out, 26, 4), what + ": source = the frame's destination");
    expect.equal(0, Packet.internetChecksum(out, 14, 20), what + ": IPv4 header checksum");
    expect.equal(3, out[34] & 0xff, what + ": ICMP type (destination unreachable)");
    expect.equal(4, out[35] & 0xff, what + ": ICMP code (fragmentation needed)");
    expect.equal(586, Packet.u16(out, 40), what + ": next-hop MTU");
    expect.equal(hex(in, 14, 84), hex(out, 42, 84), what + ": the original IPv4 header and data");
    expect.equal(0, Packet.internetChecksum(out, 34, 92), what + ": ICMP checksum");
  }

  static String hex(byte[] b, int off, int n) {
    return Twins.hex(Arrays.copyOfRange(b, off, off + n));
  }

  @Test
  void answersBigFramesWithIcmpFragmentationNeededLikeTheSample() {
    long replies = 0;
    try (Twins t = new Twins("XdpAdjustTail", "xdpIcmp", "xdp_adjust_tail_kern", "_xdp_icmp")) {
      for (Run run : runs()) {
        byte[] in = run.frame();
        TestRunResult ours = t.run(run.what(), in, 1);
        boolean big = Packet.u16(in, 12) == ETH_P_IP && in.length > 600;
        if (big) {
          t.want(run.what(), ours, TX, null);
          checkReply(t.expect, run.what(), in, ours.dataOut());
          replies++;
        } else {
          t.want(run.what(), ours, PASS, in);
        }
      }
      Map<Integer, Long> counts = t.compareCounts("icmpcnt", "icmpcnt", false);
      t.expect.equal(Map.of(0, replies), counts, "icmpcnt: replies sent");
      t.expect.verify();
    }
  }
}
