package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_IPV6;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_TCP;
import static io.bpf4j.it.corpus.open.Frames.cat;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv6;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.tcp;

import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The selftest test_parse_tcp_hdr_opt (corpus/open/TestParseTcpHdrOpt.java against
 * c/public/test_parse_tcp_hdr_opt.c): IPv6/TCP frames whose options carry (or not) katran's server
 * id option (kind 0xFD, length 6), behind NOPs, other options, an end-of-options, a wrong length,
 * more NOPs than the 15 checks reach, or a data offset below 5 (the option length wraps as a byte
 * and the parse runs into the data). Both builds must return the verdict given here and leave the
 * server id global at the value given here (the last one found).
 */
class TestParseTcpHdrOptTest {
  /** A frame, its verdict, and the server id the global holds after it. */
  record Run(String what, byte[] frame, int verdict, int serverId) {}

  static final int DROP = 1;
  static final int PASS = 2;
  static final byte NOP = 1;
  static final byte EOL = 0;

  /** The server id option with {@code id}'s bytes in packet order. */
  static byte[] tpr(int b0, int b1, int b2, int b3) {
    return new byte[] {(byte) 0xfd, 6, (byte) b0, (byte) b1, (byte) b2, (byte) b3};
  }

  static byte[] nops(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, NOP);
    return b;
  }

  /** IPv6/TCP with {@code options} (a multiple of 4 bytes) and a data offset to cover them. */
  static byte[] withOptions(byte[] options, int dataOffset) {
    byte[] tcp = tcp(40000, 443, cat(options, payload(8)));
    tcp[12] = (byte) (dataOffset << 4);
    return eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, tcp));
  }

  static byte[] withOptions(byte[] options) {
    return withOptions(options, 5 + options.length / 4);
  }

  static List<Run> runs() {
    byte[] mss = {2, 4, 0x05, (byte) 0xb4};
    return List.of(
        new Run(
            "NOP NOP id 01 02 03 04", withOptions(cat(nops(2), tpr(1, 2, 3, 4))), PASS, 0x04030201),
        new Run(
            "MSS, id 0a 0b 0c 0d, NOP NOP",
            withOptions(cat(mss, tpr(0x0a, 0x0b, 0x0c, 0x0d), nops(2))),
            PASS,
            0x0d0c0b0a),
        new Run("no options", withOptions(new byte[0]), DROP, 0x0d0c0b0a),
        new Run("MSS and NOPs, no id", withOptions(cat(mss, nops(4))), DROP, 0x0d0c0b0a),
        new Run(
            "end of options before the id",
            withOptions(cat(new byte[] {EOL, 0}, tpr(9, 9, 9, 9))),
            DROP,
            0x0d0c0b0a),
        new Run(
            "id option of length 4",
            withOptions(cat(new byte[] {(byte) 0xfd, 4, 1, 2}, nops(4))),
            DROP,
            0x0d0c0b0a),
        new Run("id 0", withOptions(cat(nops(2), tpr(0, 0, 0, 0))), DROP, 0x0d0c0b0a),
        new Run(
            "timestamps option longer than the options left",
            withOptions(cat(new byte[] {8, 10, 1, 2}, nops(4))),
            DROP,
            0x0d0c0b0a),
        new Run(
            "14 NOPs, then the id: found at the 15th check",
            withOptions(cat(nops(14), tpr(0x11, 0x22, 0x33, 0x44))),
            PASS,
            0x44332211),
        new Run(
            "16 NOPs, then the id: past the 15 checks",
            withOptions(cat(nops(16), tpr(0x55, 0x66, 0x77, 0x08), nops(2))),
            DROP,
            0x44332211),
        new Run(
            "data offset 4: the option length wraps to 252, the id is found in the data",
            withOptions(cat(nops(2), tpr(5, 6, 7, 8)), 4),
            PASS,
            0x08070605),
        new Run(
            "TCP header cut at 10 bytes",
            eth(ETH_P_IPV6, ipv6(IPPROTO_TCP, 2, payload(10))),
            DROP,
            0x08070605));
  }

  @Test
  void findsTheServerIdOptionLikeTheSelftest() {
    try (Twins t =
        new Twins(
            "TestParseTcpHdrOpt", "xdpIngressV6", "test_parse_tcp_hdr_opt", "xdp_ingress_v6")) {
      for (Run run : runs()) {
        TestRunResult ours = t.run(run.what(), run.frame(), 1);
        t.want(run.what(), ours, run.verdict(), run.frame());
        t.expect.equal(
            run.serverId(),
            t.java.global("serverId", Integer.class).get(),
            run.what() + ": Java's server id global");
        t.expect.equal(
            run.serverId(),
            t.c.global("server_id", Integer.class).get(),
            run.what() + ": C's server_id global");
      }
      t.expect.verify();
    }
  }
}
