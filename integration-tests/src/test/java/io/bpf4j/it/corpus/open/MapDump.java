package io.bpf4j.it.corpus.open;

import io.bpf4j.it.Json;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.runtime.BpfProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A map's raw entries, read with {@code bpftool -j map dump}: for maps whose C key or value the
 * runtime's BTF decoder refuses (an anonymous union, as in sockex3's {@code struct flow_keys}:
 * "member '' that ... lacks"). The map is found through a program that uses it, as both objects of
 * a twin name their maps alike.
 */
final class MapDump {
  private MapDump() {}

  /** One entry: its key and value bytes. */
  record Entry(byte[] key, byte[] value) {}

  static List<Entry> entries(BpfProgram program, String mapName) {
    Tools.Result show = bpftool("-j", "prog", "show", "id", program.info().id());
    for (Object id : (List<?>) ((Map<?, ?>) Json.parse(show.stdout())).get("map_ids")) {
      Map<?, ?> map = (Map<?, ?>) Json.parse(bpftool("-j", "map", "show", "id", id).stdout());
      if (mapName.equals(map.get("name"))) {
        List<Entry> out = new ArrayList<>();
        for (Object e : (List<?>) Json.parse(bpftool("-j", "map", "dump", "id", id).stdout())) {
          Map<?, ?> entry = (Map<?, ?>) e;
          out.add(new Entry(bytes(entry.get("key")), bytes(entry.get("value"))));
        }
        return out;
      }
    }
    throw new AssertionError("program " + program.name() + " uses no map " + mapName);
  }

  /** The little-endian 32-bit number at {@code off}. */
  static int u32(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  /** The little-endian 64-bit number at {@code off}. */
  static long u64(byte[] b, int off) {
    return (u32(b, off) & 0xffffffffL) | ((long) u32(b, off + 4) << 32);
  }

  private static byte[] bytes(Object hexList) {
    List<?> hex = (List<?>) hexList;
    byte[] out = new byte[hex.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(((String) hex.get(i)).substring(2), 16);
    }
    return out;
  }

  private static Tools.Result bpftool(Object... args) {
    Object[] command = new Object[args.length + 1];
    command[0] = KernelAssumptions.requireTool("bpftool");
    System.arraycopy(args, 0, command, 1, args.length);
    return Tools.run(command).assertSuccess();
  }
}
