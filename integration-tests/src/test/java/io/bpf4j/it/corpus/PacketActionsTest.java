package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/PacketActions.java in the kernel (issue 15): each program runs on frames with {@code
 * BPF_PROG_TEST_RUN}, and the frame it leaves ({@code data_out}) is compared byte for byte with the
 * frame computed here; the IPv4 header checksum and the UDP or TCP checksum of every rewritten
 * frame are checked independently, by summing the output again.
 */
class PacketActionsTest {
  private static final int ETH = Packet.ETH_HLEN;
  private static final int L4 = ETH + 20;
  private static final int XDP_ABORTED = 0;
  private static final int XDP_DROP = 1;
  private static final int XDP_PASS = 2;
  private static final int XDP_TX = 3;
  private static final int XDP_REDIRECT = 4;
  private static final int TC_ACT_REDIRECT = 7;

  /** UDP and TCP frames of several sizes, with valid IPv4 and L4 checksums. */
  private static List<byte[]> frames() {
    return List.of(
        withL4Checksum(Packet.udpFrame(60)),
        withL4Checksum(Packet.udpFrame(301)),
        withL4Checksum(
            Packet.ethernet()
                .srcMac("02:00:00:00:00:01")
                .dstMac("02:00:00:00:00:02")
                .ipv4("192.168.200.17", "172.16.254.3")
                .udp(65535, 1)
                .payload(1400)
                .build()),
        withL4Checksum(Packet.tcpFrame(54)),
        withL4Checksum(Packet.tcpFrame(1514)));
  }

  @Test
  void reflectorSwapsMacsAddressesAndPortsAndTransmits() {
    Expect expect = new Expect("PacketActions.reflect");
    try (BpfObject obj = Corpus.load("PacketActions")) {
      for (byte[] frame : frames()) {
        byte[] want = frame.clone();
        swap(want, 0, 6, 6);
        swap(want, ETH + 12, ETH + 16, 4);
        swap(want, L4, L4 + 2, 2);
        TestRunResult r = obj.program("reflect").testRun(frame, 1);
        String what = describe(frame);
        expect.equal(XDP_TX, r.retval(), what + ": XDP_TX");
        expect.equal(hex(want), hex(r.dataOut()), what + ": reflected frame");
        expectValidChecksums(expect, r.dataOut(), what);
      }
    }
    expect.verify();
  }

  @Test
  void tcNatRewritesAddressAndPortWithValidChecksums() {
    Expect expect = new Expect("PacketActions.nat");
    try (BpfObject obj = Corpus.load("PacketActions")) {
      for (byte[] frame : frames()) {
        byte[] want = frame.clone();
        System.arraycopy(Packet.ip("10.9.8.7"), 0, want, ETH + 16, 4);
        want[L4 + 2] = (byte) (8080 >> 8);
        want[L4 + 3] = (byte) 8080;
        recomputeChecksums(want);
        TestRunResult r = obj.program("nat").testRun(frame, 1);
        String what = describe(frame);
        expect.equal(0, r.retval(), what + ": TC_ACT_OK");
        expect.equal(hex(want), hex(r.dataOut()), what + ": rewritten frame");
        expectValidChecksums(expect, r.dataOut(), what);
      }
    }
    expect.verify();
  }

  @Test
  void xdpPortRewriteUpdatesTheUdpChecksumIncrementally() {
    Expect expect = new Expect("PacketActions.udpPort");
    try (BpfObject obj = Corpus.load("PacketActions")) {
      for (byte[] frame : frames()) {
        if (frame[ETH + 9] != Packet.IPPROTO_UDP) {
          continue;
        }
        byte[] want = frame.clone();
        want[L4 + 2] = (byte) (5353 >> 8);
        want[L4 + 3] = (byte) 5353;
        recomputeChecksums(want);
        TestRunResult r = obj.program("udpPort").testRun(frame, 1);
        String what = describe(frame);
        expect.equal(XDP_PASS, r.retval(), what + ": XDP_PASS");
        expect.equal(hex(want), hex(r.dataOut()), what + ": rewritten frame");
        expectValidChecksums(expect, r.dataOut(), what);
      }
    }
    expect.verify();
  }

  @Test
  void adjustHeadAndTailChangeTheFrameAndOffsetsFollow() {
    Expect expect = new Expect("PacketActions.pop/pushAndTrim");
    try (BpfObject obj = Corpus.load("PacketActions")) {
      for (byte[] frame : frames()) {
        String what = describe(frame);
        TestRunResult popped = obj.program("pop").testRun(frame, 1);
        expect.equal(100 + 0x45, popped.retval(), what + ": version/IHL read at the new start");
        expect.equal(
            hex(Arrays.copyOfRange(frame, ETH, frame.length)),
            hex(popped.dataOut()),
            what + ": Ethernet header stripped");

        TestRunResult pushed = obj.program("pushAndTrim").testRun(frame, 1);
        byte[] want = new byte[frame.length];
        want[0] = (byte) 0xca;
        want[1] = (byte) 0xfe;
        want[2] = 0;
        want[3] = 1;
        System.arraycopy(frame, 0, want, 4, frame.length - 4);
        expect.equal(frame.length, pushed.retval(), what + ": length after +4 -4");
        expect.equal(hex(want), hex(pushed.dataOut()), what + ": tag in front, tail trimmed");
      }
      byte[] arp = Packet.rawFrame(Packet.ETH_P_ARP, 42);
      TestRunResult notIp = obj.program("pop").testRun(arp, 1);
      expect.equal(XDP_PASS, notIp.retval(), "ARP passes untouched");
      expect.equal(hex(arp), hex(notIp.dataOut()), "ARP frame unchanged");
    }
    expect.verify();
  }

  @Test
  void onFaultDecidesWhatAShortFrameReturns() {
    Expect expect = new Expect("PacketActions.failOpen/failClosed/writeFailOpen");
    try (BpfObject obj = Corpus.load("PacketActions")) {
      byte[] shortFrame = withL4Checksum(Packet.udpFrame(60));
      expect.equal(
          XDP_PASS, obj.program("failOpen").testRun(shortFrame, 1).retval(), "onFault = PASS");
      expect.equal(
          XDP_ABORTED, obj.program("failClosed").testRun(shortFrame, 1).retval(), "default 0");
      byte[] longFrame = withL4Checksum(Packet.udpFrame(600));
      int open = obj.program("failOpen").testRun(longFrame, 1).retval();
      expect.isTrue(open == XDP_DROP || open == XDP_TX, "a long frame is read: " + open);

      TestRunResult failed = obj.program("writeFailOpen").testRun(shortFrame, 1);
      byte[] want = shortFrame.clone();
      want[0] = (byte) 0xee; // the write before the fault stays, as in Java
      expect.equal(XDP_PASS, failed.retval(), "write past the end: onFault");
      expect.equal(hex(want), hex(failed.dataOut()), "only the first write happened");

      byte[] big = withL4Checksum(Packet.udpFrame(300));
      TestRunResult written = obj.program("writeFailOpen").testRun(big, 1);
      want = big.clone();
      want[0] = (byte) 0xee;
      want[200] = 0;
      want[201] = 0;
      want[202] = 0;
      want[203] = 1;
      expect.equal(XDP_DROP, written.retval(), "both writes fit");
      expect.equal(hex(want), hex(written.dataOut()), "both writes, big-endian");
    }
    expect.verify();
  }

  @Test
  void redirectsReturnTheRedirectVerdict() {
    Expect expect = new Expect("PacketActions.redirect*");
    byte[] frame = withL4Checksum(Packet.udpFrame(60));
    try (BpfObject obj = Corpus.load("PacketActions");
        MapHandle<Integer, Integer> ports = obj.map("ports", Integer.class, Integer.class)) {
      expect.equal(
          XDP_REDIRECT,
          obj.program("redirectIfindex").testRun(frame, 1).retval(),
          "bpf_redirect in XDP");
      expect.equal(
          TC_ACT_REDIRECT,
          obj.program("tcRedirect").testRun(frame, 1).retval(),
          "bpf_redirect in tc");
      expect.equal(
          XDP_PASS,
          obj.program("redirectMap").testRun(frame, 1).retval(),
          "empty devmap slot: the flags' action");
      ports.put(0, Corpus.loopbackIfindex());
      expect.equal(
          XDP_REDIRECT,
          obj.program("redirectMap").testRun(frame, 1).retval(),
          "devmap slot 0 holds lo");
    }
    expect.verify();
  }

  // ---- frames and checksums, computed independently of the programs

  private static void swap(byte[] b, int x, int y, int n) {
    for (int i = 0; i < n; i++) {
      byte t = b[x + i];
      b[x + i] = b[y + i];
      b[y + i] = t;
    }
  }

  private static int l4ChecksumOffset(byte[] frame) {
    return frame[ETH + 9] == Packet.IPPROTO_TCP ? L4 + 16 : L4 + 6;
  }

  /** The frame with its UDP or TCP checksum filled in (Packet leaves them 0). */
  static byte[] withL4Checksum(byte[] frame) {
    byte[] out = frame.clone();
    recomputeChecksums(out);
    return out;
  }

  /** Sets the IPv4 header checksum and the L4 checksum over the pseudo header and segment. */
  private static void recomputeChecksums(byte[] frame) {
    frame[ETH + 10] = 0;
    frame[ETH + 11] = 0;
    put16(frame, ETH + 10, Packet.internetChecksum(frame, ETH, 20));
    int at = l4ChecksumOffset(frame);
    frame[at] = 0;
    frame[at + 1] = 0;
    int sum = l4Checksum(frame);
    if (sum == 0 && frame[ETH + 9] == Packet.IPPROTO_UDP) {
      sum = 0xffff; // RFC 768: a computed 0 is sent as all ones
    }
    put16(frame, at, sum);
  }

  /** The checksum over the pseudo header and the L4 segment as the frame holds it. */
  private static int l4Checksum(byte[] frame) {
    int length = Packet.u16(frame, ETH + 2) - 20;
    byte[] pseudo = new byte[12 + length];
    System.arraycopy(frame, ETH + 12, pseudo, 0, 8);
    pseudo[9] = frame[ETH + 9];
    pseudo[10] = (byte) (length >> 8);
    pseudo[11] = (byte) length;
    System.arraycopy(frame, L4, pseudo, 12, length);
    return Packet.internetChecksum(pseudo, 0, pseudo.length);
  }

  private static void expectValidChecksums(Expect expect, byte[] frame, String what) {
    expect.equal(0, Packet.internetChecksum(frame, ETH, 20), what + ": IPv4 header sums to 0");
    // Summed with its checksum field in place, a valid segment gives 0 (0xffff and 0 are equal).
    int l4 = l4Checksum(frame);
    expect.isTrue(l4 == 0, what + ": L4 checksum sums to 0, got 0x" + Integer.toHexString(l4));
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >> 8);
    b[at + 1] = (byte) v;
  }

  private static String describe(byte[] frame) {
    return (frame[ETH + 9] == Packet.IPPROTO_TCP ? "TCP " : "UDP ") + frame.length;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
