package io.bpf4j.examples.packets;

import io.bpf4j.examples.bandwidth.Cli;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Links;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Loads {@link PortRewriter}, attaches it to the tcx ingress of an interface and listens on UDP
 * port {@value PortRewriter#TO_PORT}: datagrams sent to port {@value PortRewriter#FROM_PORT} arrive
 * here, rewritten. {@code scripts/example PortRewriter} runs it in a network namespace it creates,
 * with a veth pair and a sender on the other side.
 */
public final class PortRewriterMain {
  static final String USAGE =
      String.join(
          "\n",
          "usage: PortRewriterMain IFNAME [SECONDS] [DATAGRAMS]",
          "",
          "Attaches PortRewriter (tc) to IFNAME's ingress and prints every datagram that reaches",
          "UDP port 9999 for SECONDS seconds (default 10) or until DATAGRAMS arrived (default 3).",
          "Run it with scripts/example PortRewriter, which makes the namespaces and sends.");

  private PortRewriterMain() {}

  public static void main(String[] args) {
    if (args.length < 1 || args[0].equals("--help")) {
      System.out.println(USAGE);
      return;
    }
    String ifname = args[0];
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
    int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Cli.run(
        "PortRewriter",
        () -> {
          try (BpfObject obj = BpfRuntime.load(PortRewriter.class);
              BpfLink link = Links.tcx(obj.program("rewritePort"), ifname, Direction.INGRESS);
              DatagramSocket socket =
                  new DatagramSocket(new InetSocketAddress(PortRewriter.TO_PORT))) {
            System.out.printf(
                "PortRewriter on %s ingress: UDP port %d becomes %d; listening on %d%n",
                ifname, PortRewriter.FROM_PORT, PortRewriter.TO_PORT, PortRewriter.TO_PORT);
            System.out.println("READY");
            System.out.flush();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int received = 0;
            byte[] buffer = new byte[1500];
            while (received < wanted && System.nanoTime() < end) {
              socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
              DatagramPacket p = new DatagramPacket(buffer, buffer.length);
              try {
                socket.receive(p);
              } catch (SocketTimeoutException e) {
                break;
              }
              received++;
              System.out.printf(
                  "received \"%s\" from %s:%d on port %d%n",
                  new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8),
                  p.getAddress().getHostAddress(),
                  p.getPort(),
                  socket.getLocalPort());
              System.out.flush();
            }
            System.out.println(received + " datagrams rewritten and received");
          }
        });
  }
}
