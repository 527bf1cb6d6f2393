package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Fixed arrays inside a @Struct: filled on the stack (by a helper and by a loop), stored in a map,
 * then changed through the map value pointer at a constant and at a computed index.
 */
@License("GPL")
public final class StructArrays {
  @Struct
  public static final class Named {
    public int id;
    public byte[] name = new byte[16];
    public short[] ports = new short[4];
    public long total;
  }

  @Map(type = MapType.HASH, maxEntries = 8)
  static BpfMap<Integer, Named> table;

  @Section("socket")
  public static int fill(SkBuff skb) {
    Named n = new Named();
    n.id = skb.len();
    Bpf.getCurrentComm(n.name);
    for (int i = 0; i < 4; i++) {
      n.ports[i] = (short) (i * 1000 + 1);
      n.total += n.ports[i];
    }
    table.update(1, n, 0);
    Named m = table.lookup(1);
    if (m == null) {
      return 0;
    }
    m.name[0] = 'X';
    int idx = skb.len() & 3;
    m.ports[idx] = 7;
    return m.ports[idx] + n.name[1];
  }
}
