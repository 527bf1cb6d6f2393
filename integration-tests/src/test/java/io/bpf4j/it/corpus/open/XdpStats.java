package io.bpf4j.it.corpus.open;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.Map;
import java.util.TreeMap;

/**
 * xdp-tutorial's per-action statistics ({@code xdp_stats_map}, a PERCPU_ARRAY of {@code struct
 * datarec} indexed by XDP action), as a table "action: packets, bytes" summed over CPUs, for the
 * tests of the tutorial's programs to compare.
 */
final class XdpStats {
  private XdpStats() {}

  static final class Datarec {
    long rx_packets;
    long rx_bytes;
  }

  /** Packets (column 0) and bytes (column 1) per action, as a table like {@link #read}'s. */
  static Map<Integer, String> table(long[][] perAction) {
    Map<Integer, String> out = new TreeMap<>();
    for (int action = 0; action < perAction.length; action++) {
      if (perAction[action][0] != 0 || perAction[action][1] != 0) {
        out.put(action, perAction[action][0] + " packets, " + perAction[action][1] + " bytes");
      }
    }
    return out;
  }

  /** The object's {@code xdp_stats_map}, actions with nothing counted left out. */
  static Map<Integer, String> read(BpfObject obj) {
    long[][] perAction = new long[5][2];
    try (MapHandle<Integer, Datarec> map = obj.map("xdp_stats_map", Integer.class, Datarec.class)) {
      map.entriesPerCpu()
          .forEach(
              (action, perCpu) -> {
                perAction[action][0] = perCpu.stream().mapToLong(r -> r.rx_packets).sum();
                perAction[action][1] = perCpu.stream().mapToLong(r -> r.rx_bytes).sum();
              });
    }
    return table(perAction);
  }
}
