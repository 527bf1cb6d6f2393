package io.bpf4j.examples.net;

import io.bpf4j.examples.bandwidth.Cli;
import io.bpf4j.examples.net.PacketSizes.Slot;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Histograms;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;

/** Attaches {@link PacketSizes} to an interface and prints its histogram every second. */
public final class SizeHistogram {
  static final String USAGE =
      String.join(
          "\n",
          "usage: SizeHistogram [IFACE [SECONDS]]",
          "",
          "Counts the sizes of the frames IFACE (default lo) receives, with a tcx ingress",
          "program, and prints their log2 histogram every second, SECONDS times (default 5).");

  private SizeHistogram() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--help")) {
      System.out.println(USAGE);
      return;
    }
    String ifname = args.length > 0 ? args[0] : "lo";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Cli.run(
        "SizeHistogram",
        () -> {
          try (BpfObject obj = BpfRuntime.load(PacketSizes.class);
              BpfLink link = Links.tcx(obj.program("countSize"), ifname, Direction.INGRESS)) {
            MapHandle<Integer, Slot> sizes = obj.map("sizes", Integer.class, Slot.class);
            for (int s = 0; s < seconds; s++) {
              Thread.sleep(1000);
              System.out.println(Histograms.log2(sizes, slot -> slot.count, "bytes"));
              System.out.println();
              System.out.flush();
            }
          }
        });
  }
}
