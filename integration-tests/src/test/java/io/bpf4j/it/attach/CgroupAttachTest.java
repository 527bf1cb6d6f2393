package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A cgroup_skb/egress program written in Java (corpus/attach/NetCounters) attached with {@link
 * Links#cgroup} to a cgroup v2 directory the test creates: a process moved into it sends N
 * datagrams over loopback, and exactly N packets leave the cgroup; after the link closes, none are
 * counted.
 */
class CgroupAttachTest {
  static final int DATAGRAMS = 29;

  @Test
  void cgroupSkbEgressCountsEveryPacketOfTheCgroupExactly() throws Exception {
    KernelAssumptions.requireBpffs();
    Path cgroup = Cgroups.create("bpf4j-it-" + ProcessHandle.current().pid());
    try (BpfObject obj = Corpus.load("attach/NetCounters");
        MapHandle<Integer, Long> counts = obj.map("counts", Integer.class, Long.class);
        DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = receiver.getLocalPort();
      try (BpfLink link = Links.cgroup(obj.program("cgroupEgress"), cgroup)) {
        sendFrom(cgroup, port, receiver);
        assertEquals(DATAGRAMS, counts.get(0), "packets sent by the cgroup");
      }
      sendFrom(cgroup, port, receiver);
      assertEquals(DATAGRAMS, counts.get(0), "detached: no more packets counted");
    } finally {
      Cgroups.remove(cgroup);
    }
  }

  @Test
  void cgroupSockCreateSeesEverySocketOfTheCgroup() throws Exception {
    KernelAssumptions.requireBpffs();
    Path cgroup = Cgroups.create("bpf4j-it-sock-" + ProcessHandle.current().pid());
    try (BpfObject obj = Corpus.load("attach/SockCreateCounter");
        MapHandle<Integer, Long> sockets = obj.map("udpSockets", Integer.class, Long.class);
        DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = receiver.getLocalPort();
      try (BpfLink link = Links.cgroup(obj.program("onSockCreate"), cgroup)) {
        // The traced process opens one UDP socket per run.
        sendFrom(cgroup, port, receiver);
        sendFrom(cgroup, port, receiver);
        assertEquals(2L, sockets.get(0), "UDP sockets created in the cgroup");
      }
      sendFrom(cgroup, port, receiver);
      assertEquals(2L, sockets.get(0), "detached: no more sockets counted");
    } finally {
      Cgroups.remove(cgroup);
    }
  }

  /** Runs the traced process inside {@code cgroup}, sending to {@code port}; receives it all. */
  private static void sendFrom(Path cgroup, int port, DatagramSocket receiver) throws IOException {
    try (AttachFixtures.Traced t = AttachFixtures.start(DATAGRAMS, port)) {
      Files.writeString(cgroup.resolve("cgroup.procs"), String.valueOf(t.pid()));
      t.go();
    }
    receiver.setSoTimeout(5000);
    for (int i = 0; i < DATAGRAMS; i++) {
      receiver.receive(new DatagramPacket(new byte[16], 16));
    }
  }
}
