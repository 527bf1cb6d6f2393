package io.bpf4j.runtime.load;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Capability;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * Creates the maps of an object as libbpf does: with BTF key and value types when the map type
 * takes them, initial data written and {@code .rodata} frozen, and maps declared {@code pinning =
 * BY_NAME} shared through their pin.
 */
final class MapCreator {
  private final Kernel kernel;
  private final Path pinRoot;
  private final MapSizeLimit sizeLimit;

  MapCreator(Kernel kernel, Path pinRoot, MapSizeLimit sizeLimit) {
    this.kernel = kernel;
    this.pinRoot = pinRoot;
    this.sizeLimit = sizeLimit;
  }

  /**
   * The map for {@code m}; {@code btf} is the object's loaded BTF and {@code objectBtf} its types
   * (both null without BTF). The caller owns the fd.
   */
  Fd create(MapSpec m, Fd btf, Btf objectBtf) {
    sizeLimit.check(m, kernel.possibleCpus());
    return m.pinning() == MapSpec.PIN_BY_NAME ? pinnedByName(m, btf, objectBtf) : createMap(m, btf);
  }

  private static int flags(MapSpec m) {
    return m.flags() | (m.frozen() ? Kernel.F_RDONLY_PROG : 0);
  }

  /**
   * A map declared {@code pinning = BY_NAME}, as libbpf treats it: the map pinned under its name in
   * the pin root when one is there and has the same shape (so programs of several objects share
   * it), else a new map pinned there. A pinned map of another shape is an error, never silently
   * replaced. The shape is type, sizes, max_entries and flags, as libbpf compares them, and, when
   * both the pinned map and this object have BTF, the key and value types (see {@link
   * PinnedMapCompatibility}); without BTF on either side, a same-size value of another meaning
   * cannot be told apart.
   */
  private Fd pinnedByName(MapSpec m, Fd btf, Btf objectBtf) {
    Path path = pinRoot.resolve(m.name());
    Pins pins = new Pins(kernel);
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      Fd fd = pins.open(path, "map " + m.name() + " (pinning = BY_NAME)", Pins.MAP);
      try {
        new PinnedMapCompatibility(kernel).check(fd, path, m, maxEntries(m), flags(m), objectBtf);
        return fd;
      } catch (RuntimeException e) {
        fd.close();
        throw e;
      }
    }
    pins.requireBpffs(path);
    Fd fd = createMap(m, btf);
    try {
      kernel.objPin(fd, path.toString());
      return fd;
    } catch (SyscallException e) {
      fd.close();
      throw pins.pinFailure(e, path, "map " + m.name() + " (pinning = BY_NAME)");
    }
  }

  /**
   * {@code max_entries}: as declared, except that a perf event array declared with 0 gets one slot
   * per possible CPU, as libbpf sizes it.
   */
  private int maxEntries(MapSpec m) {
    boolean perCpuRings =
        m.type() == io.bpf4j.object.kernel.MapType.PERF_EVENT_ARRAY.kernelId()
            && m.maxEntries() == 0;
    return perCpuRings ? kernel.possibleCpus() : m.maxEntries();
  }

  /**
   * A map of {@code m}'s shape, for a map of maps: its {@code inner} template (created, passed as
   * {@code inner_map_fd}, closed again: the kernel keeps a copy of the shape, not the map), for
   * other maps just the map.
   */
  Fd createMap(MapSpec m, Fd btf) {
    if (m.inner() == null) {
      return createMap(m, btf, null);
    }
    Fd template;
    try {
      template = createMap(m.inner(), btf, null);
    } catch (BpfException e) {
      throw new BpfException(
          e.errno(),
          "map "
              + m.name()
              + " holds maps of a shape the kernel refuses: "
              + e.getMessage()
              + " (the inner shape comes from @InnerMap and the field's BpfMap<K, BpfMap<K2,"
              + " V2>> type)",
          e);
    }
    try (template) {
      return createMap(m, btf, template);
    }
  }

  private Fd createMap(MapSpec m, Fd btf, Fd innerMap) {
    Kernel.MapCreate create =
        new Kernel.MapCreate(
            m.type(),
            m.keySize(),
            m.valueSize(),
            maxEntries(m),
            flags(m),
            m.kernelName(),
            btf,
            m.btfKeyTypeId(),
            m.btfValueTypeId(),
            innerMap);
    Fd fd;
    try {
      fd = kernel.mapCreate(create);
    } catch (SyscallException e) {
      if (e.errno() == Errno.EPERM) {
        throw Errors.of(
            e,
            "creating map " + m.name(),
            "",
            kernel.effectiveCapabilities(),
            EnumSet.of(Capability.BPF),
            "maps");
      }
      // Map kinds that refuse BTF key/value types answer ENOTSUPP (map_check_no_btf), older ones
      // EINVAL.
      boolean btfRefused = e.errno() == Errno.EINVAL || e.errno() == Errno.ENOTSUPP;
      if (!btfRefused || btf == null) {
        throw mapError(m, e);
      }
      // Some map types take no BTF key/value; retry without, as libbpf does.
      try {
        fd =
            kernel.mapCreate(
                new Kernel.MapCreate(
                    m.type(),
                    m.keySize(),
                    m.valueSize(),
                    maxEntries(m),
                    flags(m),
                    m.kernelName(),
                    null,
                    0,
                    0,
                    innerMap));
      } catch (SyscallException again) {
        throw mapError(m, again);
      }
    }
    try {
      if (m.isInternal() && m.initialData().length > 0) {
        kernel.mapUpdate(fd, new byte[4], padded(m.initialData(), m.valueSize()), 0);
      }
      if (m.frozen()) {
        kernel.mapFreeze(fd);
      }
      return fd;
    } catch (SyscallException e) {
      fd.close();
      throw new BpfException(
          e.errno(), "initializing map " + m.name() + " failed (" + Errno.name(e.errno()) + ")", e);
    }
  }

  private static byte[] padded(byte[] data, int size) {
    byte[] out = new byte[size];
    System.arraycopy(data, 0, out, 0, Math.min(size, data.length));
    return out;
  }

  private static BpfException mapError(MapSpec m, SyscallException e) {
    String what =
        "creating map "
            + m.name()
            + " ("
            + MapShapeText.of(m.type(), m.keySize(), m.valueSize(), m.maxEntries(), flags(m))
            + (m.inner() == null ? "" : ", holding maps of " + MapShapeText.of(m.inner()))
            + ")";
    boolean unsupported = e.errno() == Errno.ENOTSUPP || e.errno() == Errno.EOPNOTSUPP;
    if (m.inner() != null && unsupported) {
      // bpf_map_meta_alloc: a kind without a shape comparison (prog arrays, ring buffers, maps of
      // maps, ...) cannot be held.
      return new BpfException(
          e.errno(),
          what
              + " failed ("
              + Errno.name(e.errno())
              + "): the kernel does not take "
              + MapShapeText.typeName(m.inner().type())
              + " maps inside a map of maps; hold arrays, hashes, LRU or per-CPU maps, LPM tries"
              + " or others the kernel can compare",
          e);
    }
    return Errors.of(
        e,
        what,
        m.inner() == null
            ? "the kernel rejects this combination of type, sizes, max_entries and flags"
            : "the kernel rejects this combination of type, sizes, max_entries and flags, or"
                + " does not take maps of that kind inside a map of maps");
  }
}
