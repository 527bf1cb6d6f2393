package io.bpf4j.it.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.examples.packets.PortRewriter;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.RedirectMapHandle;
import io.bpf4j.runtime.XdpMode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live traffic on veth pairs whose peers live in network namespaces the test makes: datagrams that
 * enter one host end leave through the other (XDP with a DEVMAP, tc with bpf_redirect) and arrive
 * in the other namespace; and PortRewriter moves datagrams to port 7777 onto a socket on 9999.
 */
class PacketLiveTest {
  private static final int DATAGRAMS = 20;
  private static final int REDIRECTED_PORT = 47200;

  @Test
  void xdpRedirectsThroughADevmapToAnotherInterface() throws Exception {
    KernelAssumptions.requireBpffs();
    try (VethPairs veths = new VethPairs()) {
      VethPairs.Pair from = veths.add("rx", 216);
      VethPairs.Pair to = veths.add("tx", 217);
      try (BpfObject obj = Corpus.load("packets/UdpRedirect");
          RedirectMapHandle ports = obj.redirectMap("ports")) {
        int target = ifindex(to.host());
        ports.putInterface(0, target);
        assertEquals(target, ports.get(0).getAsInt());
        long before = veths.peerRxPackets(to);
        try (BpfLink link = Links.xdp(obj.program("viaDevmap"), from.host(), XdpMode.GENERIC)) {
          veths.sendFromPeer(from, from.hostAddress(), REDIRECTED_PORT, DATAGRAMS);
        }
        long arrived = veths.peerRxPackets(to) - before;
        assertTrue(arrived >= DATAGRAMS, arrived + " of " + DATAGRAMS + " frames arrived");
      }
    }
  }

  @Test
  void tcRedirectsWithBpfRedirectToAnotherInterface() throws Exception {
    KernelAssumptions.requireBpffs();
    try (VethPairs veths = new VethPairs()) {
      VethPairs.Pair from = veths.add("ri", 218);
      VethPairs.Pair to = veths.add("ro", 219);
      try (BpfObject obj = Corpus.load("packets/UdpRedirect");
          MapHandle<Integer, Integer> targets = obj.map("targets", Integer.class, Integer.class)) {
        targets.put(0, ifindex(to.host()));
        long before = veths.peerRxPackets(to);
        try (BpfLink link = Links.tcx(obj.program("viaIfindex"), from.host(), Direction.INGRESS)) {
          veths.sendFromPeer(from, from.hostAddress(), REDIRECTED_PORT, DATAGRAMS);
        }
        long arrived = veths.peerRxPackets(to) - before;
        assertTrue(arrived >= DATAGRAMS, arrived + " of " + DATAGRAMS + " frames arrived");
      }
    }
  }

  /** PortRewriter, and for comparison its clang twin (c/packets/port_rewriter.c). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bpf4j", "clang"})
  void aRewrittenPortArrivesAtAUdpSocket(String variant) throws Exception {
    KernelAssumptions.requireBpffs();
    try (VethPairs veths = new VethPairs()) {
      VethPairs.Pair pair = veths.add("pr", 220);
      InetAddress host = InetAddress.getByName(pair.hostAddress());
      try (BpfObject obj =
              variant.equals("bpf4j")
                  ? BpfRuntime.load(PortRewriter.class)
                  : BpfRuntime.load(PacketC.object("port_rewriter"));
          BpfLink link = Links.tcx(obj.program("rewritePort"), pair.host(), Direction.INGRESS);
          DatagramSocket socket =
              new DatagramSocket(new InetSocketAddress(host, PortRewriter.TO_PORT))) {
        socket.setSoTimeout(5000);
        CompletableFuture<Void> sent =
            CompletableFuture.runAsync(
                () -> veths.sendFromPeer(pair, pair.hostAddress(), PortRewriter.FROM_PORT, 5));
        Set<String> received = new HashSet<>();
        for (int i = 0; i < 5; i++) {
          DatagramPacket p = new DatagramPacket(new byte[100], 100);
          socket.receive(p);
          received.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
          assertEquals(pair.peerAddress(), p.getAddress().getHostAddress());
        }
        sent.get();
        assertEquals(Set.of("hello 1", "hello 2", "hello 3", "hello 4", "hello 5"), received);
      }
    }
  }

  private static int ifindex(String name) throws Exception {
    return java.net.NetworkInterface.getByName(name).getIndex();
  }
}
