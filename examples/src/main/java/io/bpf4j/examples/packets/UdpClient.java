package io.bpf4j.examples.packets;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The other side of the packet examples: sends {@code hello 1..N} to HOST:PORT and, with {@code
 * --replies}, prints what comes back (the reflector's echo).
 */
public final class UdpClient {
  private UdpClient() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args[0].equals("--help")) {
      System.out.println("usage: UdpClient HOST PORT [COUNT] [--replies]");
      return;
    }
    InetAddress host = InetAddress.getByName(args[0]);
    int port = Integer.parseInt(args[1]);
    int count = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 3;
    boolean replies = args[args.length - 1].equals("--replies");
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(2000);
      for (int i = 1; i <= count; i++) {
        byte[] text = ("hello " + i).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(text, text.length, host, port));
        System.out.printf(
            "sent \"hello %d\" from port %d to %s:%d%n",
            i, socket.getLocalPort(), host.getHostAddress(), port);
        if (replies) {
          DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
          try {
            socket.receive(p);
            System.out.printf(
                "reply \"%s\" from %s:%d%n",
                new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8),
                p.getAddress().getHostAddress(),
                p.getPort());
          } catch (SocketTimeoutException e) {
            System.out.println("no reply within 2 s");
          }
        }
        Thread.sleep(200);
      }
    }
  }
}
