package io.bpf4j.runtime.load;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.maps.TypeShape;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;

/**
 * Whether a pinned map may stand in for a map an object declares with {@code pinning = BY_NAME}.
 * libbpf ({@code map_is_reuse_compat}) compares type, key and value size, max_entries and flags;
 * this does too, and then, when both the pinned map and the object carry BTF for the key and value,
 * their types' shapes (kind, member names, offsets, sizes; see {@link TypeShape}), so that a value
 * {@code struct {int a, b}} is not taken for a {@code long} of the same 8 bytes. When either side
 * has no BTF, the sizes are all that can be compared.
 */
final class PinnedMapCompatibility {
  private final Kernel kernel;

  PinnedMapCompatibility(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * Throws unless the map {@code pinned} at {@code path} can serve as {@code m}, which would be
   * created with {@code maxEntries} and {@code flags}.
   */
  void check(Fd pinned, Path path, MapSpec m, int maxEntries, int flags, Btf objectBtf) {
    Kernel.MapInfo info;
    try {
      info = kernel.mapInfo(pinned);
    } catch (SyscallException e) {
      throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
    }
    if (info.type() != m.type()
        || info.keySize() != m.keySize()
        || info.valueSize() != m.valueSize()
        || info.maxEntries() != maxEntries
        || info.flags() != flags) {
      throw new BpfException(
          0,
          "the map pinned at "
              + path
              + " ("
              + MapShapeText.of(
                  info.type(), info.keySize(), info.valueSize(), info.maxEntries(), info.flags())
              + ") does not match map "
              + m.name()
              + " of this object ("
              + MapShapeText.of(m.type(), m.keySize(), m.valueSize(), maxEntries, flags)
              + "); remove the old pin (rm "
              + path
              + ") or give the map another name");
    }
    if (m.inner() != null) {
      checkHeldMaps(pinned, path, m);
    }
    if (objectBtf == null || info.btfId() == 0) {
      return; // sizes only: nothing more is known of one side
    }
    Btf pinnedBtf;
    try (Fd btf = kernel.btfById(info.btfId())) {
      pinnedBtf = BtfReader.read(kernel.btfBytes(btf)).btf();
    } catch (SyscallException e) {
      throw Errors.of(e, "reading the BTF of the map pinned at " + path);
    }
    compare("key", pinnedBtf, info.btfKeyTypeId(), objectBtf, m.btfKeyTypeId(), path, m);
    compare("value", pinnedBtf, info.btfValueTypeId(), objectBtf, m.btfValueTypeId(), path, m);
  }

  /**
   * A pinned map of maps: {@code bpf_map_info} does not tell the shape of the maps it takes, so the
   * shape of a map it holds now (one among its first {@value #HELD_SCAN} keys) stands in for it. An
   * empty pinned map of maps passes on the outer shape alone; the kernel then refuses the first
   * wrong inner map when it is put.
   */
  private void checkHeldMaps(Fd pinned, Path path, MapSpec m) {
    Kernel.MapInfo held;
    try {
      held = InnerMaps.heldShape(kernel, pinned, m.keySize(), HELD_SCAN);
    } catch (SyscallException e) {
      throw Errors.of(e, "reading the maps held by the map of maps pinned at " + path);
    }
    if (held != null && !InnerMaps.fits(m.inner(), held)) {
      throw new BpfException(
          0,
          "the map of maps pinned at "
              + path
              + " holds maps of "
              + InnerMaps.shape(held)
              + ", but map "
              + m.name()
              + " of this object holds maps of "
              + InnerMaps.shape(m.inner())
              + "; remove the old pin (rm "
              + path
              + ") or give the map another name");
    }
  }

  /** How many keys of a pinned map of maps are looked at for a held map. */
  private static final int HELD_SCAN = 1024;

  private static void compare(
      String role, Btf pinnedBtf, int pinnedId, Btf objectBtf, int objectId, Path path, MapSpec m) {
    if (pinnedId == 0 || objectId == 0) {
      return;
    }
    String pinned = TypeShape.of(pinnedBtf, pinnedId);
    String declared = TypeShape.of(objectBtf, objectId);
    if (!pinned.equals(declared)) {
      throw new BpfException(
          0,
          "the map pinned at "
              + path
              + " has the sizes of map "
              + m.name()
              + " of this object but another "
              + role
              + " type: pinned "
              + pinned
              + ", declared "
              + declared
              + "; sharing it would misread every entry. Remove the old pin (rm "
              + path
              + ") or give the map another name");
    }
  }
}
