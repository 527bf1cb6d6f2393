package io.bpf4j.it.runtime;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.examples.bandwidth.BandwidthMonitor.TrafficCounters;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.PacketSocket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child JVM of {@link LoopbackEndToEndTest}, started inside a fresh network namespace: loads
 * BandwidthMonitor, pins it under {@code args[0]}, attaches its socket filter to a packet socket on
 * {@code lo}, sends {@code args[1]} UDP datagrams of {@code args[2]} payload bytes from one
 * 127.0.0.1 socket to another, waits until all arrived, and reports the counters of key 1 before
 * and after as {@code key=value} lines.
 */
public final class LoopbackTraffic {
  private LoopbackTraffic() {}

  public static void main(String[] args) throws Exception {
    Path pinDir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (BpfObject obj = BpfRuntime.load(BandwidthMonitor.class)) {
      obj.pin(pinDir);
      try (MapHandle<Integer, TrafficCounters> table =
              obj.map("bwMonitorMap", Integer.class, TrafficCounters.class);
          PacketSocket socket = PacketSocket.bind("lo");
          DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(loopback, 0));
          DatagramSocket sender = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
        receiver.setSoTimeout(10_000);
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 0x5a);
        byte[] buffer = new byte[size + 1];
        TrafficCounters before = table.get(1);
        socket.attach(obj.program("socketFilter"));
        int received = 0;
        for (int i = 0; i < count; i++) {
          sender.send(new DatagramPacket(payload, size, receiver.getLocalSocketAddress()));
          DatagramPacket in = new DatagramPacket(buffer, buffer.length);
          try {
            receiver.receive(in);
          } catch (SocketTimeoutException e) {
            System.out.println("error=datagram " + i + " did not arrive within 10 s");
            System.exit(2);
          }
          if (in.getLength() != size) {
            System.out.println(
                "error=datagram " + i + " arrived with " + in.getLength() + " bytes");
            System.exit(2);
          }
          received++;
        }
        // The packet socket's filter runs on the way out (dev_queue_xmit_nit) and on the way in
        // (__netif_receive_skb), both before the datagram reaches the receiver's queue: once it
        // arrived, the program has counted both copies.
        TrafficCounters after = table.get(1);
        socket.detach();
        System.out.println("received=" + received);
        System.out.println("before.pkts=" + before.pkts);
        System.out.println("before.bytes=" + before.bytes);
        System.out.println("after.pkts=" + after.pkts);
        System.out.println("after.bytes=" + after.bytes);
      }
    }
  }
}
