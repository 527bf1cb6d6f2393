package com.example.counter;

import com.example.counter.ProtocolCounter.Counts;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.MapHandle;

/**
 * Loads {@link ProtocolCounter}, attaches it to an interface's ingress with tcx (default {@code
 * lo}, Linux 6.6+) and prints the table once a second. Run as root (or with CAP_BPF and
 * CAP_NET_ADMIN): {@code java -cp "$(cat target/classpath.txt):target/classes"
 * com.example.counter.Main lo 5}.
 */
public final class Main {
  private static final String[] NAMES = {"tcp", "udp", "icmp", "other"};

  public static void main(String[] args) throws InterruptedException {
    String ifname = args.length > 0 ? args[0] : "lo";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (BpfObject obj = BpfRuntime.load(ProtocolCounter.class);
        BpfLink link = Links.tcx(obj.program("countProtocol"), ifname, Direction.INGRESS)) {
      MapHandle<Integer, Counts> table = obj.map("counts", Integer.class, Counts.class);
      for (int s = 0; s < seconds; s++) {
        Thread.sleep(1000);
        StringBuilder line = new StringBuilder(ifname + ":");
        for (int slot = 0; slot < NAMES.length; slot++) {
          Counts c = table.get(slot);
          line.append(String.format(" %s %d pkts %d B", NAMES[slot], c.packets, c.bytes));
        }
        System.out.println(line);
      }
    }
  }

  private Main() {}
}
