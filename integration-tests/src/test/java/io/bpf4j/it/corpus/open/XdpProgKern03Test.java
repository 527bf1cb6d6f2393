package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_ICMP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.cat;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.put16;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;
import static io.bpf4j.it.corpus.open.Frames.vlan;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * xdp-tutorial's packet03 solution xdp_icmp_echo_func (corpus/open/XdpProgKern03.java against
 * c/public/xdp_prog_kern_03.c): ICMP and ICMPv6 echo requests, after up to four VLAN tags, become
 * echo replies sent back with XDP_TX (MACs and addresses swapped, type changed, checksum updated
 * with bpf_csum_diff); everything else passes; verdicts counted per action. Both builds must agree
 * with each other; each reply must be the request with exactly those changes and a checksum that
 * verifies (ICMPv6's over its pseudo header), and the counts must match this table.
 */
class XdpProgKern03Test {
  /** A frame, and where its ICMP header starts when it is an echo request to answer (else -1). */
  record Run(String what, byte[] frame, int icmpAt) {}

  static final int PASS = 2;
  static final int TX = 3;
  static final int IPPROTO_ICMPV6 = 58;

  /** An ICMPv6 echo request (id 7, seq 1) in IPv6, its checksum right. */
  static byte[] icmpv6Echo(int type, int dataBytes) {
    byte[] icmp = cat(new byte[] {(byte) type, 0, 0, 0, 0, 7, 0, 1}, payload(dataBytes));
    byte[] frame = eth(ETH_P_IPV6, ipv6(IPPROTO_ICMPV6, 2, icmp));
    put16(frame, 56, icmpv6Checksum(frame, 14));
    return frame;
  }

  /**
   * The ICMPv6 checksum over the pseudo header and the message (0 when the stored one is right).
   */
  static int icmpv6Checksum(byte[] frame, int ip6) {
    int length = frame.length - ip6 - 40;
    byte[] sum = new byte[40 + length];
    System.arraycopy(frame, ip6 + 8, sum, 0, 32);
    put16(sum, 34, length);
    sum[39] = (byte) IPPROTO_ICMPV6;
    System.arraycopy(frame, ip6 + 40, sum, 40, length);
    return Packet.internetChecksum(sum, 0, sum.length);
  }

  static List<Run> runs() {
    byte[] ihl4 = Packet.icmpFrame(60);
    ihl4[14] = 0x44;
    return List.of(
        new Run("IPv4 echo request", Packet.icmpFrame(98), 34),
        new Run(
            "802.1Q IPv4 echo request",
            eth(ETH_P_8021Q, vlan(9, ETH_P_IP, Arrays.copyOfRange(Packet.icmpFrame(74), 14, 74))),
            38),
        new Run("IPv6 echo request", icmpv6Echo(128, 24), 54),
        new Run("IPv6 echo reply", icmpv6Echo(129, 24), -1),
        new Run("IPv4 echo reply", echoReply(Packet.icmpFrame(70)), -1),
        new Run(
            "IPv4 ICMP with 2 bytes of ICMP", eth(ETH_P_IP, ipv4(IPPROTO_ICMP, payload(2))), -1),
        new Run("IPv4/UDP", eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 2, payload(8)))), -1),
        new Run("IPv6/TCP", eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcp(1, 2, payload(8)))), -1),
        new Run(
            "ICMPv6 echo request type inside IPv4",
            eth(ETH_P_IP, ipv4(IPPROTO_ICMPV6, cat(new byte[] {(byte) 128, 0, 0, 0}, payload(8)))),
            -1),
        new Run("IPv4 with IHL 4, ICMP", ihl4, -1),
        new Run("ARP", Packet.rawFrame(ETH_P_ARP, 42), -1));
  }

  static byte[] echoReply(byte[] request) {
    byte[] f = request.clone();
    f[34] = 0;
    f[36] = 0;
    f[37] = 0;
    put16(f, 36, Packet.internetChecksum(f, 34, f.length - 34));
    return f;
  }

  /** The request with the reply's changes, its checksum bytes taken from {@code reply}. */
  static byte[] answered(byte[] request, int icmpAt, byte[] reply) {
    byte[] f = request.clone();
    System.arraycopy(request, 6, f, 0, 6);
    System.arraycopy(request, 0, f, 6, 6);
    int ip = icmpAt - (icmpAt == 54 ? 40 : 20);
    int addr = icmpAt == 54 ? 16 : 4;
    int src = ip + (icmpAt == 54 ? 8 : 12);
    System.arraycopy(request, src, f, src + addr, addr);
    System.arraycopy(request, src + addr, f, src, addr);
    f[icmpAt] = (byte) (icmpAt == 54 ? 129 : 0);
    f[icmpAt + 2] = reply[icmpAt + 2];
    f[icmpAt + 3] = reply[icmpAt + 3];
    return f;
  }

  @Test
  void answersEchoRequestsLikeTheTutorial() {
    long[][] want = new long[5][2];
    try (Twins t =
        new Twins("XdpProgKern03", "xdpIcmpEchoFunc", "xdp_prog_kern_03", "xdp_icmp_echo_func")) {
      for (Run run : runs()) {
        byte[] in = run.frame();
        TestRunResult ours = t.run(run.what(), in, 1);
        int verdict = run.icmpAt() < 0 ? PASS : TX;
        if (verdict == TX) {
          byte[] out = ours.dataOut();
          t.want(run.what(), ours, TX, answered(in, run.icmpAt(), out));
          checkChecksum(t.expect, run, out);
        } else {
          t.want(run.what(), ours, PASS, in);
        }
        want[verdict][0]++;
        want[verdict][1] += in.length;
      }
      Map<Integer, String> wantStats = XdpStats.table(want);
      t.expect.equal(wantStats, XdpStats.read(t.java), "Java's xdp_stats_map");
      t.expect.equal(wantStats, XdpStats.read(t.c), "C's xdp_stats_map");
      t.expect.verify();
    }
  }

  private static void checkChecksum(Expect expect, Run run, byte[] out) {
    int at = run.icmpAt();
    int sum =
        at == 54 ? icmpv6Checksum(out, 14) : Packet.internetChecksum(out, at, out.length - at);
    expect.equal(0, sum, run.what() + ": the reply's checksum verifies");
  }
}
