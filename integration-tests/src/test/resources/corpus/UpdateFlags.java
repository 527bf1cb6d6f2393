package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Map update flags and delete, with the kernel's error codes: NOEXIST on a present key is -EEXIST,
 * EXIST on an absent key -ENOENT, a second delete -ENOENT. Every outcome is recorded.
 */
@License("GPL")
public final class UpdateFlags {
  @Struct
  public static final class Outcome {
    public int insertNew;
    public int insertAgain;
    public int replaceAbsent;
    public int replacePresent;
    public long valueAfterReplace;
    public int overwrite;
    public int deleteFirst;
    public int deleteAgain;
    public boolean goneAfterDelete;
  }

  @Map(type = MapType.HASH, maxEntries = 16)
  static BpfMap<Integer, Long> table;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Outcome> outcomes;

  @Section("socket")
  public static int exercise(SkBuff skb) {
    Outcome o = outcomes.lookup(0);
    if (o == null) {
      return 0;
    }
    int len = skb.len();
    int key = len;
    int other = len + 1000;
    o.insertNew = table.update(key, (long) len, BpfMap.NOEXIST);
    o.insertAgain = table.update(key, len * 2L, BpfMap.NOEXIST);
    o.replaceAbsent = table.update(other, 7L, BpfMap.EXIST);
    o.replacePresent = table.update(key, len * 3L, BpfMap.EXIST);
    Long v = table.lookup(key);
    o.valueAfterReplace = v == null ? -1 : v;
    o.overwrite = table.update(other, len * 5L, BpfMap.ANY);
    o.deleteFirst = table.delete(key);
    o.deleteAgain = table.delete(key);
    o.goneAfterDelete = table.lookup(key) == null;
    return o.insertAgain;
  }

  private UpdateFlags() {}
}
