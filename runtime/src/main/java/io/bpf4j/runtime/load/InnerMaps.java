package io.bpf4j.runtime.load;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * The maps a map of maps ({@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}) holds: creating new ones of
 * the declared inner shape, and what the kernel accepts in their place. The kernel compares a map
 * put into the outer map with the template it was created from ({@code bpf_map_meta_equal}): type,
 * key size, value size, flags (and the special fields of the value: spin locks, timers); for an
 * {@code ARRAY} also max_entries, unless the template has {@code BPF_F_INNER_MAP} (the verifier
 * then bounds indexes per map). Hashes of another max_entries are accepted.
 */
public final class InnerMaps {
  private InnerMaps() {}

  /**
   * A new, empty map of the shape {@code inner} describes, with its BTF key and value types from
   * {@code btf} (the object's loaded BTF, or null) when the kernel takes them. The caller owns it.
   */
  public static Fd create(Kernel kernel, MapSpec inner, Fd btf) {
    return new MapCreator(kernel, ObjectLoader.PIN_ROOT, new MapSizeLimit(Long.MAX_VALUE))
        .createMap(inner, btf);
  }

  /**
   * Whether the kernel takes a map of shape {@code given} into a map of maps created with template
   * {@code expected}: the comparison of {@code bpf_map_meta_equal}, so that a refusal can be
   * explained before or after the kernel's bare EINVAL.
   */
  public static boolean fits(MapSpec expected, Kernel.MapInfo given) {
    boolean sizeChecked = MapType.of(expected.type()).innerMaxEntriesMustMatch(expected.flags());
    return expected.type() == given.type()
        && expected.keySize() == given.keySize()
        && expected.valueSize() == given.valueSize()
        && expected.flags() == given.flags()
        && (!sizeChecked || expected.maxEntries() == given.maxEntries());
  }

  /** "type HASH, key 4 B, value 8 B, max_entries 16, flags 0". */
  public static String shape(MapSpec m) {
    return MapShapeText.of(m);
  }

  /** The shape of a map the kernel describes. */
  public static String shape(Kernel.MapInfo info) {
    return MapShapeText.of(
        info.type(), info.keySize(), info.valueSize(), info.maxEntries(), info.flags());
  }

  /**
   * The shape of some map {@code outer} holds now, as the closest the kernel comes to telling the
   * inner shape of a map of maps ({@code bpf_map_info} has no field for it), or null when the first
   * {@code scanLimit} keys hold none.
   */
  public static Kernel.MapInfo heldShape(Kernel kernel, Fd outer, int keySize, int scanLimit)
      throws SyscallException {
    byte[] key = null;
    for (int i = 0; i < scanLimit; i++) {
      key = kernel.mapNextKey(outer, key, keySize);
      if (key == null) {
        return null;
      }
      byte[] id = kernel.mapLookup(outer, key, 4);
      if (id == null) {
        continue; // an empty slot of an array of maps
      }
      int mapId =
          (id[0] & 0xff) | (id[1] & 0xff) << 8 | (id[2] & 0xff) << 16 | (id[3] & 0xff) << 24;
      try (Fd held = kernel.mapById(mapId)) {
        return kernel.mapInfo(held);
      } catch (SyscallException e) {
        if (e.errno() != io.bpf4j.object.kernel.Errno.ENOENT) {
          throw e;
        }
        // replaced and freed since the lookup: look further
      }
    }
    return null;
  }

  /** A map spec with the shape (and no more) of a map the kernel describes. */
  public static MapSpec specOf(String name, Kernel.MapInfo info) {
    if (info == null) {
      throw new BpfException(0, "no map to take the shape of");
    }
    return new MapSpec(
        name,
        info.type(),
        info.keySize(),
        info.valueSize(),
        info.maxEntries(),
        info.flags(),
        0,
        0,
        0,
        java.util.List.of());
  }
}
