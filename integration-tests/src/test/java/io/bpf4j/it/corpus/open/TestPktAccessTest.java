package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_ARP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.IP_DF;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;
import static io.bpf4j.it.corpus.open.Frames.udp;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The selftest test_pkt_access (corpus/open/TestPktAccess.java against c/public/test_pkt_access.c),
 * a tc program: TC_ACT_OK (0) for TCP whose urgent pointer the CPU reads as 123 (bytes 7b 00),
 * TC_ACT_UNSPEC (-1) for other TCP and for frames that are neither IPv4 nor IPv6, TC_ACT_SHOT (2)
 * where a header does not fit, the transport header starts past byte 54, or the protocol is not
 * TCP; wherever a 20-byte "TCP" header fits at or before byte 54, its checksum field is incremented
 * as a little-endian number. Both builds must agree with each other and with this table. (Frames
 * cut inside the IPv4 or IPv6 header are not here: the kernel refuses to test-run an skb program on
 * them.)
 */
class TestPktAccessTest {
  /** A frame, the return value, and where the checksum increment happens (-1: nowhere). */
  record Run(String what, byte[] frame, int retval, int checkAt) {}

  static final int OK = 0;
  static final int UNSPEC = -1;
  static final int SHOT = 2;

  static List<Run> runs() {
    byte[] tcpUrg123 = tcp(1, 2, 0x7b00, payload(6));
    return List.of(
        new Run(
            "IPv4/TCP, urgent pointer 7b 00", eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcpUrg123)), OK, 50),
        new Run(
            "IPv4/TCP, urgent pointer 00 7b",
            eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 2, 123, payload(6)))),
            UNSPEC,
            50),
        new Run(
            "IPv6/TCP, urgent pointer 7b 00",
            eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcpUrg123)),
            OK,
            70),
        new Run(
            "IPv4/TCP with checksum ff ff (wraps to 00 00)",
            checksumFf(eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 2, payload(2))))),
            UNSPEC,
            50),
        new Run(
            "IPv4/UDP with 12 data bytes (the write lands in them, then not TCP)",
            eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 2, payload(12)))),
            SHOT,
            50),
        new Run(
            "IPv4/UDP with 4 data bytes (no room for a TCP header)",
            eth(ETH_P_IP, ipv4(IPPROTO_UDP, udp(1, 2, payload(4)))),
            SHOT,
            -1),
        new Run(
            "IPv4 with IHL 15/TCP (transport past byte 54)",
            eth(ETH_P_IP, ipv4(15, IPPROTO_TCP, IP_DF, "10.0.0.1", "10.0.0.2", tcpUrg123)),
            SHOT,
            -1),
        new Run(
            "IPv4/TCP cut at 19 TCP bytes",
            eth(ETH_P_IP, ipv4(IPPROTO_TCP, Arrays.copyOf(tcpUrg123, 19))),
            SHOT,
            -1),
        new Run("ARP", Packet.rawFrame(ETH_P_ARP, 60), UNSPEC, -1));
  }

  static byte[] checksumFf(byte[] frame) {
    frame[50] = (byte) 0xff;
    frame[51] = (byte) 0xff;
    return frame;
  }

  /** The frame with the 16-bit field at {@code at} incremented as a little-endian number. */
  static byte[] incremented(byte[] frame, int at) {
    byte[] f = frame.clone();
    int v = ((f[at] & 0xff) | ((f[at + 1] & 0xff) << 8)) + 1;
    f[at] = (byte) v;
    f[at + 1] = (byte) (v >> 8);
    return f;
  }

  @Test
  void checksPacketAccessLikeTheSelftest() {
    try (Twins t =
        new Twins("TestPktAccess", "testPktAccess", "test_pkt_access", "test_pkt_access")) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), 1);
        byte[] out = run.checkAt() < 0 ? run.frame() : incremented(run.frame(), run.checkAt());
        t.want(run.what(), ours, run.retval(), out);
      }
      t.expect.verify();
    }
  }
}
