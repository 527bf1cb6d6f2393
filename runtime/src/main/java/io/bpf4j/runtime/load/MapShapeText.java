package io.bpf4j.runtime.load;

import io.bpf4j.object.kernel.MapType;
import java.util.ArrayList;
import java.util.List;

/** A map's shape as messages print it: type, sizes, max_entries and flags by name. */
public final class MapShapeText {
  private MapShapeText() {}

  /** {@code BPF_F_*} map flags ({@code include/uapi/linux/bpf.h}), bit by bit. */
  private static final String[] FLAGS = {
    "NO_PREALLOC",
    "NO_COMMON_LRU",
    "NUMA_NODE",
    "RDONLY",
    "WRONLY",
    "STACK_BUILD_ID",
    "ZERO_SEED",
    "RDONLY_PROG",
    "WRONLY_PROG",
    "CLONE",
    "MMAPABLE",
    "PRESERVE_ELEMS",
    "INNER_MAP",
    "LINK",
    "PATH_FD",
    "VTYPE_BTF_OBJ_FD",
    "TOKEN_FD",
    "SEGV_ON_FAULT",
    "NO_USER_CONV"
  };

  /** "type HASH, key 4 B, value 8 B, max_entries 1024, flags 0x80 (RDONLY_PROG)". */
  public static String of(int type, int keySize, int valueSize, int maxEntries, int flags) {
    return "type "
        + typeName(type)
        + ", key "
        + Integer.toUnsignedLong(keySize)
        + " B, value "
        + Integer.toUnsignedLong(valueSize)
        + " B, max_entries "
        + Integer.toUnsignedLong(maxEntries)
        + ", flags "
        + flags(flags);
  }

  /** The shape of {@code m} as declared. */
  public static String of(io.bpf4j.object.MapSpec m) {
    return of(m.type(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags());
  }

  static String typeName(int type) {
    MapType t = MapType.of(type);
    return t == MapType.UNSPEC && type != 0 ? "#" + type : t.name();
  }

  /** "0" or "0x81 (NO_PREALLOC|RDONLY_PROG)". */
  static String flags(int flags) {
    if (flags == 0) {
      return "0";
    }
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < 32; bit++) {
      if ((flags & (1 << bit)) != 0) {
        names.add(bit < FLAGS.length ? "BPF_F_" + FLAGS[bit] : "bit " + bit);
      }
    }
    return "0x" + Integer.toHexString(flags) + " (" + String.join("|", names) + ")";
  }
}
