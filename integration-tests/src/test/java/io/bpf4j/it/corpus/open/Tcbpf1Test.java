package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_ICMP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.IP_DF;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf tcbpf1 (corpus/open/Tcbpf1.java against c/public/tcbpf1_kern.c): a tc classifier that
 * rewrites TCP (TOS 8, source 1.1.1.10, destination port 35091 on a little-endian CPU) and fixes
 * both checksums incrementally. Both builds must return 0 and leave the same bytes; for a
 * well-formed IPv4/TCP frame with right checksums those bytes must be the frame with the three
 * fields changed and both checksums recomputed from scratch, as worked out here.
 */
class Tcbpf1Test {
  /** A frame, and whether the test works out its rewrite (else: C and Java compared only). */
  record Run(String what, byte[] frame, boolean worked) {}

  static byte[] tcpFrame(String src, int tos, int dport, int payload) {
    byte[] f =
        eth(ETH_P_IP, ipv4(src, "10.0.0.2", IPPROTO_TCP, tcp(40000, dport, payload(payload))));
    f[15] = (byte) tos;
    f[24] = 0;
    f[25] = 0;
    Frames.put16(f, 24, Packet.internetChecksum(f, 14, 20));
    return Frames.withTcpChecksum(f);
  }

  static List<Run> runs() {
    byte[] notIp = Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 80);
    notIp[23] = IPPROTO_TCP;
    return List.of(
        new Run("IPv4/TCP to 443", tcpFrame("10.0.0.1", 0, 443, 10), true),
        new Run("IPv4/TCP TOS 0xb8 to 22", tcpFrame("192.168.77.200", 0xb8, 22, 100), true),
        new Run("IPv4/TCP from 255.255.255.254, TOS 8", tcpFrame("255.255.255.254", 8, 1, 0), true),
        new Run(
            "IPv4/TCP with options (IHL 6: the sample's fixed offsets hit other bytes)",
            eth(
                ETH_P_IP,
                ipv4(6, IPPROTO_TCP, IP_DF, "10.0.0.1", "10.0.0.2", tcp(1, 2, payload(8)))),
            false),
        new Run(
            "IPv4/TCP cut at 10 TCP bytes (the TCP checksum is past the end)",
            eth(ETH_P_IP, ipv4(IPPROTO_TCP, Arrays.copyOf(tcp(1, 2, new byte[0]), 10))),
            false),
        new Run("not IP, byte 23 is 6: rewritten all the same", notIp, false),
        new Run(
            "IPv4/UDP: untouched", eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 2, payload(12)))), true),
        new Run("IPv4/ICMP: untouched", eth(ETH_P_IP, ipv4(IPPROTO_ICMP, payload(20))), true));
  }

  /** The sample's rewrite of a well-formed IPv4/TCP frame, checksums computed from scratch. */
  static byte[] rewritten(byte[] frame) {
    if ((frame[23] & 0xff) != IPPROTO_TCP) {
      return frame;
    }
    byte[] f = frame.clone();
    f[15] = 8;
    System.arraycopy(Packet.ip("1.1.1.10"), 0, f, 26, 4);
    Frames.put16(f, 36, 0x8913);
    f[24] = 0;
    f[25] = 0;
    Frames.put16(f, 24, Packet.internetChecksum(f, 14, 20));
    return Frames.withTcpChecksum(f);
  }

  @Test
  void rewritesTcpAndFixesChecksumsLikeTheSample() {
    try (Twins t = new Twins("Tcbpf1", "bpfProg1", "tcbpf1_kern", "bpf_prog1")) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), 1);
        t.want(run.what(), ours, 0, run.worked() ? rewritten(run.frame()) : null);
      }
      t.expect.verify();
    }
  }
}
