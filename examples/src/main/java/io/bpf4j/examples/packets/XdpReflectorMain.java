package io.bpf4j.examples.packets;

import io.bpf4j.examples.bandwidth.Cli;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.XdpMode;
import java.util.Locale;

/**
 * Loads {@link XdpReflector} and attaches it to an interface in the chosen XDP mode for a while:
 * every UDP or TCP frame that arrives goes back to its sender. {@code scripts/example XdpReflector}
 * runs it in a network namespace it creates and sends datagrams from the other end of a veth pair.
 */
public final class XdpReflectorMain {
  static final String USAGE =
      String.join(
          "\n",
          "usage: XdpReflectorMain IFNAME [SECONDS] [generic|driver|offload]",
          "",
          "Attaches XdpReflector to IFNAME for SECONDS seconds (default 10), in generic mode by",
          "default (on veth, driver mode sends XDP_TX frames only to a peer that has XDP or GRO",
          "on). Run it with scripts/example XdpReflector, which makes the namespaces and sends.");

  private XdpReflectorMain() {}

  public static void main(String[] args) {
    if (args.length < 1 || args[0].equals("--help")) {
      System.out.println(USAGE);
      return;
    }
    String ifname = args[0];
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
    XdpMode mode = XdpMode.valueOf(args.length > 2 ? args[2].toUpperCase(Locale.ROOT) : "GENERIC");
    Cli.run(
        "XdpReflector",
        () -> {
          try (BpfObject obj = BpfRuntime.load(XdpReflector.class);
              BpfLink link = Links.xdp(obj.program("reflect"), ifname, mode)) {
            System.out.printf(
                "XdpReflector on %s (%s mode): UDP and TCP frames go back to their sender%n",
                ifname, mode.description());
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(seconds * 1000);
            System.out.println("detached from " + ifname);
          }
        });
  }
}
