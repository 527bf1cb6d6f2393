package io.bpf4j.it.links;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.net.PacketCounter;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XDP and tcx attachments through BPF links, on loopback, with PacketCounter from the examples:
 * every datagram to a listening port on lo passes each hook.
 */
class LinksTest {
  private static final int DATAGRAMS = 25;

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireRoot();
    KernelAssumptions.requireBpffs();
  }

  @Test
  void xdpAndTcxLinksSeeEveryPacketOnLoopback() throws Exception {
    try (BpfObject obj = BpfRuntime.load(PacketCounter.class);
        MapHandle<Integer, PacketCounter.Count> counts =
            obj.map("counts", Integer.class, PacketCounter.Count.class);
        PinDir pins = PinDir.create();
        BpfLink xdp = Links.xdp(obj.program("xdpCount"), "lo");
        BpfLink ingress = Links.tcx(obj.program("ingressCount"), "lo", Direction.INGRESS);
        BpfLink egress = Links.tcx(obj.program("egressCount"), "lo", Direction.EGRESS)) {
      xdp.pin(pins.resolve("xdp_link"));
      long[] before = read(counts);
      try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
          DatagramSocket sender = new DatagramSocket()) {
        receiver.setSoTimeout(5000);
        for (int i = 0; i < DATAGRAMS; i++) {
          sender.send(new DatagramPacket(new byte[32], 32, receiver.getLocalSocketAddress()));
          receiver.receive(new DatagramPacket(new byte[64], 64));
        }
      }
      long[] after = read(counts);
      // Every datagram crosses egress, then XDP and ingress; other loopback traffic of the machine
      // may add to the counts, never subtract.
      assertTrue(after[0] - before[0] >= DATAGRAMS, "xdp saw " + (after[0] - before[0]));
      assertTrue(after[1] - before[1] >= DATAGRAMS, "tcx ingress saw " + (after[1] - before[1]));
      assertTrue(after[2] - before[2] >= DATAGRAMS, "tcx egress saw " + (after[2] - before[2]));
      assertTrue(Files.exists(pins.resolve("xdp_link")));
    }
  }

  private static long[] read(MapHandle<Integer, PacketCounter.Count> counts) {
    long[] out = new long[3];
    for (int i = 0; i < 3; i++) {
      out[i] = counts.get(i).packets;
    }
    return out;
  }
}
