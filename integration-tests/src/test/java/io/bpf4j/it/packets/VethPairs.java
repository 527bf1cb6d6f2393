package io.bpf4j.it.packets;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import java.util.ArrayList;
import java.util.List;

/**
 * Veth pairs made by a live test: the host end (a new interface, with a new /30 address) in this
 * namespace, the peer in a network namespace of its own; {@link #close} deletes both.
 */
final class VethPairs implements AutoCloseable {
  /** One pair: {@code host} (address {@code hostAddress}) and {@code peer} in {@code ns}. */
  record Pair(String ns, String host, String peer, String hostAddress, String peerAddress) {}

  private final String ip = KernelAssumptions.requireTool("ip").toString();
  private final List<Pair> pairs = new ArrayList<>();
  private final long id = ProcessHandle.current().pid() % 100000;

  /** A new pair whose addresses are 10.{@code octet}.x.1 (host) and .2 (peer). */
  Pair add(String label, int octet) {
    String ns = "bpf4j-" + label + "-" + id;
    String host = "b4" + label + id;
    String peer = "b4" + label + id + "p";
    int subnet = (int) (id % 250) + 1;
    Pair p =
        new Pair(
            ns,
            host.substring(0, Math.min(15, host.length())),
            peer.length() > 15 ? peer.substring(peer.length() - 15) : peer,
            "10." + octet + "." + subnet + ".1",
            "10." + octet + "." + subnet + ".2");
    pairs.add(p);
    Tools.run(ip, "netns", "add", p.ns()).assertSuccess();
    Tools.run(ip, "link", "add", p.host(), "type", "veth", "peer", "name", p.peer())
        .assertSuccess();
    Tools.run(ip, "link", "set", p.peer(), "netns", p.ns()).assertSuccess();
    Tools.run(ip, "addr", "add", p.hostAddress() + "/30", "dev", p.host()).assertSuccess();
    Tools.run(ip, "link", "set", p.host(), "up").assertSuccess();
    Tools.run(ip, "-n", p.ns(), "addr", "add", p.peerAddress() + "/30", "dev", p.peer())
        .assertSuccess();
    Tools.run(ip, "-n", p.ns(), "link", "set", p.peer(), "up").assertSuccess();
    return p;
  }

  /** Sends {@code count} datagrams "hello 1..count" from the peer's namespace to address:port. */
  void sendFromPeer(Pair p, String address, int port, int count) {
    String script =
        "for i in $(seq 1 "
            + count
            + "); do printf \"hello $i\" > /dev/udp/"
            + address
            + "/"
            + port
            + "; sleep 0.02; done";
    Tools.run(ip, "netns", "exec", p.ns(), "bash", "-c", script).assertSuccess();
  }

  /** The peer's received-packet counter, read in its namespace. */
  long peerRxPackets(Pair p) {
    String out =
        Tools.run(
                ip,
                "netns",
                "exec",
                p.ns(),
                "cat",
                "/sys/class/net/" + p.peer() + "/statistics/rx_packets")
            .assertSuccess()
            .stdout()
            .trim();
    return Long.parseLong(out);
  }

  @Override
  public void close() {
    for (Pair p : pairs) {
      Tools.run(ip, "link", "del", p.host());
      Tools.run(ip, "netns", "del", p.ns());
    }
  }
}
