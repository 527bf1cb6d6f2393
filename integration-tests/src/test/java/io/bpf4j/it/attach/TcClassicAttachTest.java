package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Classic tc attachment ({@link Links#tc}: clsact qdisc + direct-action bpf filter over rtnetlink)
 * on the host end of a veth pair whose other end lives in a network namespace the test creates: N
 * datagrams sent into the namespace pass the egress filter, N sent out of it the ingress filter,
 * each counted exactly once; closing a link deletes its filter (tc shows none), and counts stop.
 */
class TcClassicAttachTest {
  static final int DATAGRAMS = 31;
  static final int PORT = 47123;

  @Test
  void tcFiltersCountEveryDatagramOnTheVethExactly() throws Exception {
    KernelAssumptions.requireBpffs();
    long id = ProcessHandle.current().pid() % 100000;
    String ns = "bpf4j-it-" + id;
    String host = "b4j" + id + "h";
    String peer = "b4j" + id + "p";
    int subnet = (int) (id % 250) + 1;
    String hostAddress = "10.213." + subnet + ".1";
    String peerAddress = "10.213." + subnet + ".2";
    String ipTool = KernelAssumptions.requireTool("ip").toString();
    String tcTool = KernelAssumptions.requireTool("tc").toString();
    try {
      Tools.run(ipTool, "netns", "add", ns).assertSuccess();
      Tools.run(ipTool, "link", "add", host, "type", "veth", "peer", "name", peer).assertSuccess();
      Tools.run(ipTool, "link", "set", peer, "netns", ns).assertSuccess();
      Tools.run(ipTool, "addr", "add", hostAddress + "/30", "dev", host).assertSuccess();
      Tools.run(ipTool, "link", "set", host, "up").assertSuccess();
      inNs(ipTool, ns, "addr", "add", peerAddress + "/30", "dev", peer);
      inNs(ipTool, ns, "link", "set", peer, "up");
      try (BpfObject obj = Corpus.load("attach/NetCounters");
          MapHandle<Integer, Long> counts = obj.map("counts", Integer.class, Long.class);
          DatagramSocket sender = new DatagramSocket()) {
        try (BpfLink egress = Links.tc(obj.program("udpToPort"), host, Direction.EGRESS)) {
          assertTrue(egress.toString().contains("tc egress filter udpToPort"), egress.toString());
          assertEquals(-1, egress.fd());
          assertTrue(filters(tcTool, host, "egress").contains("udpToPort"));
          sendInto(sender, peerAddress);
          assertEquals(DATAGRAMS, counts.get(1), "egress");
        }
        assertFalse(filters(tcTool, host, "egress").contains("udpToPort"), "filter deleted");
        sendInto(sender, peerAddress);
        assertEquals(DATAGRAMS, counts.get(1), "egress detached");
        try (BpfLink ingress = Links.tc(obj.program("udpToPort"), host, Direction.INGRESS)) {
          try (AttachFixtures.Traced t =
              AttachFixtures.start(
                  DATAGRAMS, PORT, ipTool, "netns", "exec", ns, "address=" + hostAddress)) {
            t.go();
          }
          assertEquals(2 * DATAGRAMS, counts.get(1), "ingress");
        }
        assertFalse(filters(tcTool, host, "ingress").contains("udpToPort"), "filter deleted");
      }
    } finally {
      Tools.run(ipTool, "link", "del", host);
      Tools.run(ipTool, "netns", "del", ns);
    }
  }

  private static void sendInto(DatagramSocket sender, String address) throws Exception {
    InetAddress to = InetAddress.getByName(address);
    for (int i = 0; i < DATAGRAMS; i++) {
      sender.send(new DatagramPacket(new byte[8], 8, to, PORT));
    }
  }

  private static void inNs(String ipTool, String ns, String... args) {
    java.util.List<Object> command = new java.util.ArrayList<>(java.util.List.of(ipTool, "-n", ns));
    command.addAll(java.util.List.of(args));
    Tools.run(command.toArray()).assertSuccess();
  }

  private static String filters(String tcTool, String dev, String hook) {
    return Tools.run(tcTool, "filter", "show", "dev", dev, hook).assertSuccess().stdout();
  }
}
