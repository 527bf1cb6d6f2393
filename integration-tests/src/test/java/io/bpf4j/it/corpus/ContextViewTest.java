package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TestRunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * corpus/ContextView.java: documents, on the running kernel, what {@code BPF_PROG_TEST_RUN} shows
 * each program type (see {@link Packet}): socket and cgroup_skb programs get skb->len = frame - 14,
 * tc/tcx the whole frame; protocol is the EtherType in network byte order; pkt_type follows the
 * destination MAC; the device is loopback.
 */
class ContextViewTest {
  /** Mirrors corpus.ContextView.View (decoded by field name through BTF). */
  static final class View {
    int len;
    int protocol;
    int pktType;
    int ifindex;
    int ingressIfindex;
    int mark;
    int priority;
    int queueMapping;
    int rxQueueIndex;
    int runs;
  }

  private static final List<byte[]> FRAMES =
      List.of(
          Packet.ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(1234, 53).payload(20).build(),
          Packet.ethernet()
              .dstMac("ff:ff:ff:ff:ff:ff")
              .etherType(Packet.ETH_P_ARP)
              .payload(28)
              .build(),
          Packet.ethernet()
              .dstMac("33:33:00:00:00:01")
              .etherType(Packet.ETH_P_IPV6)
              .payload(60)
              .build(),
          Packet.ethernet()
              .dstMac("02:00:00:00:00:99")
              .ipv4("10.1.1.1", "10.2.2.2")
              .tcp(40000, 443)
              .build());

  @Test
  void skbProgramsSeeTheFrameAsDocumented() {
    int lo = Corpus.loopbackIfindex();
    try (BpfObject obj = Corpus.load("ContextView");
        MapHandle<Integer, View> views = obj.map("views", Integer.class, View.class)) {
      int runs = 0;
      for (byte[] frame : FRAMES) {
        runs++;
        TestRunResult socket = obj.program("socketView").testRun(frame, 1);
        assertEquals(Packet.networkLength(frame), socket.retval(), "socket filter returns len");
        assertEquals(0, obj.program("tcView").testRun(frame, 1).retval());
        assertEquals(0, obj.program("tcxView").testRun(frame, 1).retval());
        assertEquals(1, obj.program("cgroupView").testRun(frame, 1).retval());

        check(views.get(0), "socket", Packet.networkLength(frame), frame, lo, runs);
        check(views.get(1), "tc", frame.length, frame, lo, runs);
        check(views.get(2), "tcx/ingress", frame.length, frame, lo, runs);
        check(views.get(3), "cgroup_skb/ingress", Packet.networkLength(frame), frame, lo, runs);
      }
    }
  }

  private static void check(View v, String type, int len, byte[] frame, int lo, int runs) {
    assertEquals(len, v.len, type + ": len");
    assertEquals(Packet.skbProtocol(frame), v.protocol, type + ": protocol (network byte order)");
    assertEquals(Packet.pktType(frame), v.pktType, type + ": pkt_type");
    assertEquals(lo, v.ifindex, type + ": ifindex");
    assertEquals(0, v.ingressIfindex, type + ": ingress_ifindex");
    assertEquals(0, v.mark, type + ": mark");
    assertEquals(0, v.priority, type + ": priority");
    assertEquals(runs, v.runs, type + ": runs");
  }

  @Test
  void xdpSeesLoopbackQueueZero() {
    int lo = Corpus.loopbackIfindex();
    try (BpfObject obj = Corpus.load("ContextView");
        MapHandle<Integer, View> views = obj.map("views", Integer.class, View.class)) {
      for (byte[] frame : FRAMES) {
        assertEquals(2, obj.program("xdpView").testRun(frame, 1).retval(), "Xdp.PASS");
      }
      View v = views.get(4);
      assertEquals(lo, v.ingressIfindex, "xdp: ingress_ifindex");
      assertEquals(0, v.rxQueueIndex, "xdp: rx_queue_index");
      assertEquals(FRAMES.size(), v.runs, "xdp: runs");
    }
  }
}
