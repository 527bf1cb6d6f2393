package io.bpf4j.it.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TestRunResult;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tc packet reads (corpus/packets/TcReads.java) compile to direct loads from the skb's linear part
 * with the old read as the cold way for the rest. They must read the same bytes either way: in a
 * linear skb from BPF_PROG_TEST_RUN, and in a paged one, a 30,000-byte UDP datagram sent out of a
 * veth whose MTU lets it go unfragmented (the kernel puts a datagram that large on a scatter-gather
 * device into page fragments, leaving only the headers linear), read at tc egress. A read past the
 * end still ends the program with its onFault.
 */
class TcDirectReadsTest {
  private static final int PORT = 47210;
  private static final int SLOTS = 10;
  private static final int UNWRITTEN = 0x5a5a5a5a;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"record, 0, 0", "recordOnFault, 10, -1"})
  void readsALinearSkbFromTestRun(String program, int base, int onFault) {
    KernelAssumptions.requireBpffs();
    byte[] frame =
        Packet.ethernet()
            .ipv4("10.0.0.1", "10.0.0.2")
            .udp(40000, PORT)
            .payload(pattern(2100 - 42))
            .build();
    try (BpfObject obj = Corpus.load("packets/TcReads");
        MapHandle<Integer, Integer> seen = obj.map("seen", Integer.class, Integer.class)) {
      seen.put(base + 9, UNWRITTEN);
      TestRunResult r = obj.program(program).testRun(frame, 1);
      assertEquals(onFault, r.retval(), "the read past the end ends the program with onFault");
      expectRecorded(seen, base, frame);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"record, 0, tl", "recordOnFault, 10, tf"})
  void readsAPagedSkbAtTcEgress(String program, int base, String label) throws Exception {
    KernelAssumptions.requireBpffs();
    String ip = KernelAssumptions.requireTool("ip").toString();
    try (VethPairs veths = new VethPairs()) {
      VethPairs.Pair pair = veths.add(label, 221);
      Tools.run(ip, "link", "set", pair.host(), "mtu", "60000").assertSuccess();
      Tools.run(ip, "-n", pair.ns(), "link", "set", pair.peer(), "mtu", "60000").assertSuccess();
      byte[] payload = pattern(30000);
      // First in the chain: a C program that records how much of the frame is linear.
      try (BpfObject c = BpfRuntime.load(PacketC.object("skb_linear"));
          MapHandle<Integer, Integer> linear = c.map("linear", Integer.class, Integer.class);
          BpfLink first = Links.tcx(c.program("linearLength"), pair.host(), Direction.EGRESS);
          BpfObject obj = Corpus.load("packets/TcReads");
          MapHandle<Integer, Integer> seen = obj.map("seen", Integer.class, Integer.class);
          BpfLink link = Links.tcx(obj.program(program), pair.host(), Direction.EGRESS);
          DatagramSocket socket =
              new DatagramSocket(
                  new InetSocketAddress(InetAddress.getByName(pair.hostAddress()), 0))) {
        seen.put(base + 9, UNWRITTEN);
        InetAddress peer = InetAddress.getByName(pair.peerAddress());
        // The first datagram may wait for ARP; send until the program has seen one.
        for (int i = 0; i < 50 && seen.get(base + 8) != 1; i++) {
          socket.send(new DatagramPacket(payload, payload.length, peer, PORT));
          Thread.sleep(100);
        }
        assertEquals(1, seen.get(base + 8), "the program saw the datagram and read it through");
        byte[] frame =
            Packet.ethernet()
                .ipv4(pair.hostAddress(), pair.peerAddress())
                .udp(socket.getLocalPort(), PORT)
                .payload(payload)
                .build();
        assertEquals(frame.length, linear.get(1), "the C program saw the same frame");
        assertTrue(
            linear.get(0) < 1000,
            "only "
                + linear.get(0)
                + " bytes linear: the reads from offset 1000 on took the slow way");
        expectRecorded(seen, base, frame);
      }
    }
  }

  /** What recordInto writes for {@code frame}, slot by slot. */
  private static void expectRecorded(MapHandle<Integer, Integer> seen, int base, byte[] frame) {
    int len = frame.length;
    assertTrue(len > 2009, "the frame reaches the deepest constant read");
    assertEquals(len, seen.get(base), "len()");
    assertEquals(u32(frame, 42), seen.get(base + 1), "loadWord at a computed offset");
    assertEquals(Packet.u16(frame, 1000), seen.get(base + 2), "loadHalf(1000)");
    assertEquals(u32(frame, 2001), seen.get(base + 3), "loadWord(2001)");
    assertEquals(frame[len - 1] & 0xff, seen.get(base + 4), "loadByte(len - 1)");
    assertEquals(0, seen.get(base + 5), "loadBytes(1500, 8 bytes) succeeds");
    int copied = (frame[1500] & 0xff) << 24 | (frame[1501] & 0xff) << 16 | (frame[1507] & 0xff);
    assertEquals(copied, seen.get(base + 6), "the bytes loadBytes copied");
    assertEquals(1, seen.get(base + 7), "loadBytes of the last 8 bytes succeeds");
    assertEquals(UNWRITTEN, seen.get(base + 9), "loadByte(len) failed the program");
  }

  /** Payload bytes that differ from their neighbours, so a read at a wrong offset shows. */
  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + i / 251 + 3);
    }
    return b;
  }

  private static int u32(byte[] f, int at) {
    return (f[at] & 0xff) << 24
        | (f[at + 1] & 0xff) << 16
        | (f[at + 2] & 0xff) << 8
        | f[at + 3] & 0xff;
  }
}
