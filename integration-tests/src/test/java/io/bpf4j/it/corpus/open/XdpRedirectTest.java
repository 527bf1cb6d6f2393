package io.bpf4j.it.corpus.open;

import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TestRunResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * samples/bpf xdp_redirect (corpus/open/XdpRedirect.java against c/public/xdp_redirect_kern.c):
 * with tx_port[0] set to loopback's ifindex, as the sample's user space sets it, every frame is
 * counted, gets its MAC addresses swapped and is redirected (XDP_REDIRECT; a test run does not
 * carry it out); the dummy program passes. Both builds must agree with each other and with that.
 */
class XdpRedirectTest {
  static final int PASS = 2;
  static final int REDIRECT = 4;

  static void setTxPort(BpfObject obj, int ifindex) {
    try (MapHandle<Integer, Integer> txPort = obj.map("tx_port", Integer.class, Integer.class)) {
      txPort.put(0, ifindex);
    }
  }

  static byte[] swapped(byte[] frame) {
    byte[] out = frame.clone();
    System.arraycopy(frame, 6, out, 0, 6);
    System.arraycopy(frame, 0, out, 6, 6);
    return out;
  }

  @Test
  void swapsMacsAndRedirectsLikeTheSample() {
    List<byte[]> frames =
        List.of(
            Packet.udpFrame(64),
            Packet.tcpFrame(1514),
            Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 14));
    try (Twins t =
        new Twins("XdpRedirect", "xdpRedirectProg", "xdp_redirect_kern", "xdp_redirect_prog")) {
      int lo = Corpus.loopbackIfindex();
      setTxPort(t.java, lo);
      setTxPort(t.c, lo);
      for (byte[] frame : frames) {
        String what = frame.length + "-byte frame";
        TestRunResult ours = t.run(what, frame, 1);
        t.want(what, ours, REDIRECT, swapped(frame));
      }
      Map<Integer, Long> counts = t.compareCounts("rxcnt", "rxcnt", true);
      t.expect.equal(Map.of(0, (long) frames.size()), counts, "rxcnt: frames counted");
      t.expect.verify();
    }
  }

  @Test
  void theDummyPasses() {
    try (Twins t =
        new Twins(
            "XdpRedirect",
            "xdpRedirectDummyProg",
            "xdp_redirect_kern",
            "xdp_redirect_dummy_prog")) {
      byte[] frame = Packet.udpFrame(64);
      TestRunResult ours = t.run("UDP 64", frame, 1);
      t.want("UDP 64", ours, PASS, frame);
      t.expect.verify();
    }
  }
}
