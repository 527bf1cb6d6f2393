package io.bpf4j.it.corpus.open;

import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021AD;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_8021Q;
import static io.bpf4j.it.corpus.open.Frames.ETH_P_IP;
import static io.bpf4j.it.corpus.open.Frames.IPPROTO_UDP;
import static io.bpf4j.it.corpus.open.Frames.eth;
import static io.bpf4j.it.corpus.open.Frames.ipv4;
import static io.bpf4j.it.corpus.open.Frames.payload;
import static io.bpf4j.it.corpus.open.Frames.udp;
import static io.bpf4j.it.corpus.open.Frames.vlan;

import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.TestRunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The selftest test_xdp_vlan (corpus/open/TestXdpVlan.java against c/public/test_xdp_vlan.c): on
 * untagged, 802.1Q and QinQ frames, with VLAN 4011 outside, inside or absent, and frames too short
 * for the parse, each of the four XDP programs must return the verdict and leave the bytes worked
 * out here (drop 4011; 4011 changed to 0 with its priority bits kept; outer tag removed, two ways),
 * and the Java port must agree with clang's build; the tc program's VLAN push must agree too.
 */
class TestXdpVlanTest {
  record Run(String what, byte[] frame) {}

  static final int ABORTED = 0;
  static final int PASS = 2;
  static final int TESTVLAN = 4011;

  static List<Run> runs() {
    byte[] ip = ipv4(IPPROTO_UDP, udp(1, 53, payload(10)));
    return List.of(
        new Run("untagged IPv4/UDP", eth(ETH_P_IP, ip)),
        new Run("802.1Q VLAN 4011", eth(ETH_P_8021Q, vlan(0x0fab, ETH_P_IP, ip))),
        new Run("802.1Q VLAN 4011, priority 7", eth(ETH_P_8021Q, vlan(0xefab, ETH_P_IP, ip))),
        new Run("802.1Q VLAN 100", eth(ETH_P_8021Q, vlan(100, ETH_P_IP, ip))),
        new Run(
            "802.1ad VLAN 4011 + 802.1Q VLAN 5",
            eth(ETH_P_8021AD, vlan(0x0fab, ETH_P_8021Q, vlan(5, ETH_P_IP, ip)))),
        new Run(
            "802.1Q VLAN 5 + 802.1Q VLAN 4011 (inner)",
            eth(ETH_P_8021Q, vlan(5, ETH_P_8021Q, vlan(0x0fab, ETH_P_IP, ip)))),
        new Run("20 bytes: too short for the parse", eth(ETH_P_8021Q, payload(6))),
        new Run(
            "22 bytes, VLAN 4011: just long enough",
            eth(ETH_P_8021Q, vlan(0x0fab, ETH_P_IP, payload(4)))));
  }

  static boolean tagged(byte[] f) {
    int type = Packet.u16(f, 12);
    return type == ETH_P_8021Q || type == ETH_P_8021AD;
  }

  static int outerVlan(byte[] f) {
    return tagged(f) ? Packet.u16(f, 14) & 0x0fff : 0;
  }

  /** The frame without its outer tag (bytes 12 to 15). */
  static byte[] withoutOuterTag(byte[] f) {
    byte[] out = new byte[f.length - 4];
    System.arraycopy(f, 0, out, 0, 12);
    System.arraycopy(f, 16, out, 12, f.length - 16);
    return out;
  }

  private static void check(String program, String cProgram, int which) {
    try (Twins t = new Twins("TestXdpVlan", program, "test_xdp_vlan", cProgram)) {
      for (Run run : runs()) {
        byte[] in = run.frame();
        TestRunResult ours = t.run(run.what(), in, 1);
        if (in.length < 22) {
          t.want(run.what(), ours, ABORTED, in);
          continue;
        }
        boolean vlan4011 = outerVlan(in) == TESTVLAN;
        switch (which) {
          case 0 -> t.want(run.what(), ours, vlan4011 ? ABORTED : PASS, in);
          case 1 -> {
            byte[] out = in.clone();
            if (vlan4011) {
              out[14] &= (byte) 0xf0;
              out[15] = 0;
            }
            t.want(run.what(), ours, PASS, out);
          }
          default -> t.want(run.what(), ours, PASS, tagged(in) ? withoutOuterTag(in) : in);
        }
      }
      t.expect.verify();
    }
  }

  @Test
  void dropsVlan4011LikeTheSelftest() {
    check("xdpPrognum0", "xdp_prognum0", 0);
  }

  @Test
  void changesVlan4011ToZeroLikeTheSelftest() {
    check("xdpPrognum1", "xdp_prognum1", 1);
  }

  @Test
  void removesTheOuterTagByMemmoveLikeTheSelftest() {
    check("xdpPrognum2", "xdp_prognum2", 2);
  }

  @Test
  void removesTheOuterTagByWordShiftsLikeTheSelftest() {
    check("xdpPrognum3", "xdp_prognum3", 3);
  }

  @Test
  void pushesVlan4011InTcLikeTheSelftest() {
    try (Twins t = new Twins("TestXdpVlan", "tcProgA", "test_xdp_vlan", "_tc_progA")) {
      for (byte[] frame : List.of(Packet.udpFrame(64), Packet.tcpFrame(100))) {
        TestRunResult ours = t.run(frame.length + "-byte frame", frame, 1);
        t.want(frame.length + "-byte frame", ours, 0, null);
      }
      t.expect.verify();
    }
  }
}
