package io.bpf4j.it.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.packets.PortRewriter;
import io.bpf4j.examples.packets.XdpReflector;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.lang.Tc;
import io.bpf4j.lang.Xdp;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.TestRunResult;
import io.bpf4j.testing.Ipv4Frames;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packet examples in the kernel: {@code BPF_PROG_TEST_RUN}'s {@code data_out} is the expected
 * frame byte for byte, with valid IPv4, UDP and TCP checksums.
 */
class PacketExamplesKernelTest {
  private static final int A = 0x0a000001;
  private static final int B = 0x0a000002;

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireBpffs();
  }

  @Test
  void portRewriterMovesUdp7777To9999WithAValidChecksum() {
    try (BpfObject obj = BpfRuntime.load(PortRewriter.class)) {
      BpfProgram p = obj.program("rewritePort");
      for (int n : new int[] {0, 1, 3, 16, 101, 1000}) {
        byte[] payload = payload(n);
        byte[] in = Ipv4Frames.udp(A, 40000 + n, B, PortRewriter.FROM_PORT, payload);
        byte[] expected = Ipv4Frames.udp(A, 40000 + n, B, PortRewriter.TO_PORT, payload);
        TestRunResult r = p.testRun(in, 1);
        assertEquals(Tc.ACT_OK, r.retval());
        assertArrayEquals(expected, r.dataOut(), "payload of " + n + " bytes");
        assertTrue(Ipv4Frames.checksumsValid(r.dataOut()));
      }
    }
  }

  @Test
  void portRewriterLeavesOtherTrafficAndKeepsAMissingChecksumMissing() {
    try (BpfObject obj = BpfRuntime.load(PortRewriter.class)) {
      BpfProgram p = obj.program("rewritePort");
      byte[] otherPort = Ipv4Frames.udp(A, 1, B, 7778, payload(8));
      byte[] tcp = Ipv4Frames.tcp(A, 1, B, PortRewriter.FROM_PORT, payload(8));
      for (byte[] in : new byte[][] {otherPort, tcp, Arrays.copyOf(otherPort, 34)}) {
        TestRunResult r = p.testRun(in, 1);
        assertEquals(Tc.ACT_OK, r.retval());
        assertArrayEquals(in, r.dataOut());
      }
      byte[] none = Ipv4Frames.udp(A, 1, B, PortRewriter.FROM_PORT, payload(8));
      none[Ipv4Frames.L4_OFFSET + 6] = 0;
      none[Ipv4Frames.L4_OFFSET + 7] = 0;
      byte[] out = p.testRun(none, 1).dataOut();
      assertEquals(PortRewriter.TO_PORT, Ipv4Frames.get16(out, Ipv4Frames.L4_OFFSET + 2));
      assertEquals(0, Ipv4Frames.get16(out, Ipv4Frames.L4_OFFSET + 6), "UDP without checksum");
    }
  }

  @Test
  void xdpReflectorSwapsAddressesAndPortsAndTransmits() {
    try (BpfObject obj = BpfRuntime.load(XdpReflector.class)) {
      BpfProgram p = obj.program("reflect");
      for (int n : new int[] {0, 5, 64, 1000}) {
        byte[] udp = Ipv4Frames.udp(A, 5555, B, 7, payload(n));
        byte[] tcp = Ipv4Frames.tcp(A, 40000, B, 443, payload(n));
        for (byte[] in : new byte[][] {udp, tcp}) {
          TestRunResult r = p.testRun(in, 1);
          assertEquals(Xdp.TX, r.retval());
          assertArrayEquals(reflected(in), r.dataOut());
          assertTrue(Ipv4Frames.checksumsValid(r.dataOut()));
        }
      }
      byte[] arp = Arrays.copyOf(Ipv4Frames.udp(A, 1, B, 2, payload(4)), 42);
      arp[12] = 0x08;
      arp[13] = 0x06;
      assertEquals(Xdp.PASS, p.testRun(arp, 1).retval());
      byte[] shortUdp = Arrays.copyOf(Ipv4Frames.udp(A, 1, B, 2, payload(4)), 36);
      TestRunResult r = p.testRun(shortUdp, 1);
      assertEquals(Xdp.PASS, r.retval(), "onFault = XDP_PASS");
      assertArrayEquals(shortUdp, r.dataOut());
    }
  }

  /** {@code in} with Ethernet addresses, IPv4 addresses and ports swapped. */
  static byte[] reflected(byte[] in) {
    byte[] out = in.clone();
    System.arraycopy(in, 6, out, 0, 6);
    System.arraycopy(in, 0, out, 6, 6);
    System.arraycopy(in, 30, out, 26, 4);
    System.arraycopy(in, 26, out, 30, 4);
    System.arraycopy(in, 36, out, 34, 2);
    System.arraycopy(in, 34, out, 36, 2);
    return out;
  }

  private static byte[] payload(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }
}
