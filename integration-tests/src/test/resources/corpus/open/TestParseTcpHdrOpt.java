package corpus.open;

import io.bpf4j.annotations.Global;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.Xdp;
import io.bpf4j.lang.XdpMd;

/**
 * A port of the kernel's selftest tools/testing/selftests/bpf/progs/test_parse_tcp_hdr_opt.c
 * (GPL-2.0, after katran's pckt_parsing.h; our C twin is c/public/test_parse_tcp_hdr_opt.c): looks
 * through at most 15 TCP options of an IPv6/TCP frame for the experimental option 0xFD of length 6
 * and keeps the server id it carries in a global; XDP_PASS when it finds a non-zero one, XDP_DROP
 * otherwise. Written against the selftest's C, not tuned to the compiler.
 *
 * <p>Where the port differs: the C's {@code const __u32} globals (read-only data the compiler
 * folds) are {@code static final} constants; its {@code __u8} state fields and option length wrap
 * as bytes here too ({@code & 0xff}); {@code *(__u32 *)&tcp_opt[2]} reads the id as the CPU holds
 * it (little-endian), {@code Bpf.ntohl} of the network-order load here.
 */
@License("GPL")
public final class TestParseTcpHdrOpt {
  static final int ETH_HLEN = 14;
  static final int IPV6_HLEN = 40;
  static final int TCP_HLEN = 20;
  static final int TCPOPT_EOL = 0;
  static final int TCPOPT_NOP = 1;
  // one of the two option kinds RFC 4727 leaves for experiments; here it carries a server id
  static final int TCP_HDR_OPT_KIND_TPR = 0xFD;
  // kind byte, length byte and a 4-byte server id
  static final int TCP_HDR_OPT_LEN_TPR = 6;
  // how many options the search looks at before it gives up; also bounds the loop
  static final int TCP_HDR_OPT_MAX_OPT_CHECKS = 15;

  @Global static int serverId;

  /** The selftest's {@code struct hdr_opt_state}. */
  @Struct
  public static final class HdrOptState {
    public int serverId;
    public byte byteOffset;
    public byte hdrBytesRemaining;
  }

  static int parseHdrOpt(XdpMd xdp, HdrOptState state) {
    int tcpOpt = state.byteOffset & 0xff;
    if (tcpOpt + 1 > xdp.length()) {
      return -1;
    }
    int kind = xdp.loadByte(tcpOpt);
    if (kind == TCPOPT_EOL) {
      return -1;
    }
    if (kind == TCPOPT_NOP) {
      state.hdrBytesRemaining--;
      state.byteOffset++;
      return 0;
    }
    if ((state.hdrBytesRemaining & 0xff) < 2 || tcpOpt + 2 > xdp.length()) {
      return -1;
    }
    int hdrLen = xdp.loadByte(tcpOpt + 1);
    if (hdrLen > (state.hdrBytesRemaining & 0xff)) {
      return -1;
    }
    if (kind == TCP_HDR_OPT_KIND_TPR) {
      if (hdrLen != TCP_HDR_OPT_LEN_TPR) {
        return -1;
      }
      if (tcpOpt + TCP_HDR_OPT_LEN_TPR > xdp.length()) {
        return -1;
      }
      state.serverId = Bpf.ntohl(xdp.loadWord(tcpOpt + 2));
      return 1;
    }
    state.hdrBytesRemaining -= (byte) hdrLen;
    state.byteOffset += (byte) hdrLen;
    return 0;
  }

  @Section("xdp")
  public static int xdpIngressV6(XdpMd xdp) {
    HdrOptState optState = new HdrOptState();
    int tcpOffset = ETH_HLEN + IPV6_HLEN;
    int tcpHdr = tcpOffset;
    if (tcpHdr + TCP_HLEN > xdp.length()) {
      return Xdp.DROP;
    }
    int tcpHdrOptLen = ((xdp.loadByte(tcpHdr + 12) >> 4) * 4 - TCP_HLEN) & 0xff;
    if (tcpHdrOptLen < TCP_HDR_OPT_LEN_TPR) {
      return Xdp.DROP;
    }
    optState.hdrBytesRemaining = (byte) tcpHdrOptLen;
    optState.byteOffset = (byte) (TCP_HLEN + tcpOffset);
    // at most 40 option bytes, so at most this many options worth looking at
    for (int i = 0; i < TCP_HDR_OPT_MAX_OPT_CHECKS; i++) {
      int err = parseHdrOpt(xdp, optState);
      if (err != 0 || optState.hdrBytesRemaining == 0) {
        break;
      }
    }
    if (optState.serverId == 0) {
      return Xdp.DROP;
    }
    serverId = optState.serverId;
    return Xdp.PASS;
  }

  private TestParseTcpHdrOpt() {}
}
