package io.bpf4j.runtime.load;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates the maps of an object as libbpf does: with BTF key and value types when the map type
 * takes them, initial data written and {@code .rodata} frozen, and maps declared {@code pinning =
 * BY_NAME} shared through their pin.
 */
final class MapCreator {
  private final Kernel kernel;
  private final Path pinRoot;

  MapCreator(Kernel kernel, Path pinRoot) {
    this.kernel = kernel;
    this.pinRoot = pinRoot;
  }

  /** The map for {@code m}; the caller owns the fd. */
  Fd create(MapSpec m, Fd btf) {
    return m.pinning() == MapSpec.PIN_BY_NAME ? pinnedByName(m, btf) : createMap(m, btf);
  }

  private static int flags(MapSpec m) {
    return m.flags() | (m.frozen() ? Kernel.F_RDONLY_PROG : 0);
  }

  /**
   * A map declared {@code pinning = BY_NAME}, as libbpf treats it: the map pinned under its name in
   * the pin root when one is there and has the same shape (so programs of several objects share
   * it), else a new map pinned there. A pinned map of another shape is an error, never silently
   * replaced.
   */
  private Fd pinnedByName(MapSpec m, Fd btf) {
    Path path = pinRoot.resolve(m.name());
    if (Files.exists(path)) {
      Fd fd;
      try {
        fd = kernel.objGet(path.toString());
      } catch (SyscallException e) {
        throw Errors.of(e, "opening the map pinned at " + path);
      }
      try {
        Kernel.MapInfo info = kernel.mapInfo(fd);
        if (info.type() != m.type()
            || info.keySize() != m.keySize()
            || info.valueSize() != m.valueSize()
            || info.maxEntries() != maxEntries(m)
            || info.flags() != flags(m)) {
          throw new BpfException(
              0,
              "the map pinned at "
                  + path
                  + " (type "
                  + info.type()
                  + ", key "
                  + info.keySize()
                  + " B, value "
                  + info.valueSize()
                  + " B, max_entries "
                  + info.maxEntries()
                  + ") does not match map "
                  + m.name()
                  + " of this object (type "
                  + m.type()
                  + ", key "
                  + m.keySize()
                  + " B, value "
                  + m.valueSize()
                  + " B, max_entries "
                  + m.maxEntries()
                  + "); remove the old pin (rm "
                  + path
                  + ")");
        }
        return fd;
      } catch (SyscallException e) {
        fd.close();
        throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
      } catch (RuntimeException e) {
        fd.close();
        throw e;
      }
    }
    Fd fd = createMap(m, btf);
    try {
      kernel.objPin(fd, path.toString());
      return fd;
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(
          e,
          "pinning map " + m.name() + " at " + path,
          pinRoot + " is not a BPF filesystem; " + Errors.MOUNT_BPFFS);
    }
  }

  /**
   * The map's max_entries; a perf event array declared without one gets a slot per possible CPU, as
   * libbpf gives it.
   */
  private int maxEntries(MapSpec m) {
    if (m.maxEntries() == 0 && m.type() == MapType.PERF_EVENT_ARRAY.kernelId()) {
      return kernel.possibleCpus();
    }
    return m.maxEntries();
  }

  private Fd createMap(MapSpec m, Fd btf) {
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
            m.btfValueTypeId());
    Fd fd;
    try {
      fd = kernel.mapCreate(create);
    } catch (SyscallException e) {
      if (e.errno() != Errno.EINVAL || btf == null) {
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
                    0));
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
            + " (type "
            + m.type()
            + ", key "
            + m.keySize()
            + " B, value "
            + m.valueSize()
            + " B, max_entries "
            + m.maxEntries()
            + ")";
    return Errors.of(
        e, what, "the kernel rejects this combination of type, sizes, max_entries and flags");
  }
}
