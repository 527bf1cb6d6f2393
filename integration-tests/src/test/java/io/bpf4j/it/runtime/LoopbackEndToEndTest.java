package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real interface: BandwidthMonitor attached to a packet socket on {@code lo} counts
 * exactly the UDP traffic the test sends.
 *
 * <p>Why a child JVM in a network namespace: {@code lo} of the host carries whatever else runs on
 * the machine (other tests, daemons), and a packet socket sees all of it. A fresh namespace has its
 * own {@code lo} that only this test uses, so the counters must grow by exactly what it sends. A
 * JVM cannot move one of its threads into another namespace safely, so the measurement runs in a
 * child JVM started under {@code nsenter --net=/run/netns/<ns>}. Not {@code ip netns exec}: that
 * also enters a new mount namespace with a fresh {@code /sys}, which hides the bpffs at {@code
 * /sys/fs/bpf}; {@code nsenter --net} switches only the network namespace, so the child pins into
 * the parent's {@link PinDir} directory and the parent reads the counters back from the pin after
 * the child exited.
 *
 * <p>What the traffic implies: on loopback a packet socket sees every datagram twice, outgoing and
 * incoming, and for a {@code SOCK_RAW} packet socket {@code skb->len} includes the link-layer
 * header both times: 14 (Ethernet) + 20 (IPv4) + 8 (UDP) + payload. The receiver has an ephemeral
 * port of its own, so no datagram draws an ICMP port-unreachable reply.
 */
class LoopbackEndToEndTest {
  static final int DATAGRAMS = 25;
  static final int PAYLOAD = 123;
  static final int HEADERS = 14 + 20 + 8;

  @Test
  void countsExactlyTheLoopbackTraffic() {
    KernelAssumptions.requireBpffs();
    Path ip = KernelAssumptions.requireTool("ip");
    Path nsenter = KernelAssumptions.requireTool("nsenter");
    String ns = "bpf4j-it-" + ProcessHandle.current().pid();
    try (PinDir pins = PinDir.create()) {
      Tools.run(ip, "netns", "delete", ns); // a leftover of a crashed run with the same pid
      Tools.run(ip, "netns", "add", ns).assertSuccess();
      ChildJvm.Result child;
      try {
        Tools.run(ip, "-n", ns, "link", "set", "lo", "up").assertSuccess();
        child =
            ChildJvm.run(
                List.of(nsenter.toString(), "--net=/run/netns/" + ns),
                ChildJvm.classPath(),
                LoopbackTraffic.class,
                pins.path().toString(),
                String.valueOf(DATAGRAMS),
                String.valueOf(PAYLOAD));
      } finally {
        Tools.run(ip, "netns", "delete", ns).assertSuccess();
      }
      child.assertSuccess();
      long pkts = child.longValue("after.pkts") - child.longValue("before.pkts");
      long bytes = child.longValue("after.bytes") - child.longValue("before.bytes");
      System.out.printf(
          "[bpf4j-it] lo in a fresh netns: %d UDP datagrams of %d bytes -> pkts +%d, bytes +%d%n",
          DATAGRAMS, PAYLOAD, pkts, bytes);
      assertEquals(DATAGRAMS, child.longValue("received"), child.describe());
      assertEquals(2L * DATAGRAMS, pkts, "pkts: each datagram seen going out and coming in");
      assertEquals(2L * DATAGRAMS * (HEADERS + PAYLOAD), bytes, "bytes: 2 x (14+20+8+payload)");

      // The pinned map outlived the child and holds what it last read.
      try (MapHandle<Integer, TrafficCounters> pinned =
          MapHandle.openPinned(
              pins.resolve("bwMonitorMap"), Integer.class, TrafficCounters.class)) {
        TrafficCounters c = pinned.get(1);
        assertEquals(child.longValue("after.pkts"), c.pkts);
        assertEquals(child.longValue("after.bytes"), c.bytes);
      }
    }
  }
}
