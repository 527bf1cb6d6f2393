package io.bpf4j.runtime;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.load.InnerMaps;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A map of maps ({@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}) seen from user space. Its values are
 * maps: user space stores a map by its fd ({@link #put}) and the kernel answers lookups with the
 * held map's id ({@link #innerId}), which {@link #get} opens. BPF programs see the held map itself
 * and cannot change the outer map; replacing an entry here is atomic for them: a lookup sees the
 * old map or the new one.
 *
 * <p>Thread-safe: every call holds the fds it uses for the duration of its system call, so closing
 * the handle (or its object, or an inner map) while calls run makes later calls fail with {@code
 * ClosedFdException} naming the map, never act on a reused fd number.
 *
 * @param <K> the outer key: Integer for an array of maps, Integer, Long or a {@code @Struct} class
 *     for a hash of maps
 */
public final class MapOfMapsHandle<K> implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final Fd fd;
  private final boolean ownsFd;
  private final MapType type;
  private final int maxEntries;
  private final Codec<K> keys;

  /** The shape of the held maps when known (from the object); null for a pin with none held. */
  private final MapSpec inner;

  /** The object's BTF fd and types, for new inner maps with typed keys and values; or null. */
  private final Fd btfFd;

  private final Btf btf;

  private volatile boolean closed;

  MapOfMapsHandle(
      Kernel kernel,
      String name,
      Fd fd,
      boolean ownsFd,
      Kernel.MapInfo info,
      MapSpec inner,
      Fd btfFd,
      Btf btf,
      Class<K> keyType) {
    MapType t = MapType.of(info.type());
    if (!MapType.of(info.type()).holdsMaps()) {
      throw new BpfException(
          0,
          "map "
              + name
              + " is a "
              + t
              + " map, not a map of maps (ARRAY_OF_MAPS, HASH_OF_MAPS); use MapHandle");
    }
    this.kernel = kernel;
    this.name = name;
    this.fd = fd;
    this.ownsFd = ownsFd;
    fd.describe("map of maps " + name);
    this.type = t;
    this.maxEntries = info.maxEntries();
    this.keys = Codecs.of(keyType, info.keySize(), btf, info.btfKeyTypeId(), "key");
    this.inner = inner;
    this.btfFd = btfFd;
    this.btf = btf;
  }

  /**
   * Opens the map of maps pinned at {@code path}. The kernel does not say which shape of maps it
   * takes; {@link #newInner} copies the shape of a map it holds, so it needs one held (or a {@code
   * put} of your own map first).
   */
  public static <K> MapOfMapsHandle<K> openPinned(Path path, Class<K> keyType) {
    return openPinned(SystemKernel.get(), path, keyType);
  }

  static <K> MapOfMapsHandle<K> openPinned(Kernel kernel, Path path, Class<K> keyType) {
    Fd fd = new Pins(kernel).open(path, "map of maps", Pins.MAP);
    try {
      Kernel.MapInfo info = kernel.mapInfo(fd);
      Btf btf = info.btfId() == 0 ? null : MapHandle.kernelBtf(kernel, info.btfId());
      return new MapOfMapsHandle<>(
          kernel, path.getFileName().toString(), fd, true, info, null, null, btf, keyType);
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
    } catch (RuntimeException e) {
      fd.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public MapType type() {
    return type;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public int fd() {
    return fd.get();
  }

  /**
   * A new, empty map of the shape this map of maps holds, named {@code <outer>.inner} as libbpf
   * names the template (the kernel cuts names to 15 characters), with keys and values decoded as
   * the given classes. The caller owns it and closes it; a map stored with {@link #put} stays alive
   * in the outer map after that close, as long as it is held there.
   */
  public <K2, V2> MapHandle<K2, V2> newInner(Class<K2> keyType, Class<V2> valueType) {
    checkOpen();
    MapSpec shape = innerShape();
    Fd created = InnerMaps.create(kernel, shape, btfFd);
    try {
      Kernel.MapInfo info = kernel.mapInfo(created);
      // Types by BTF only when the kernel kept them (some map kinds refuse BTF, and a pin's shape
      // copied from a held map has none).
      Btf types = info.btfId() == 0 ? null : btf;
      Kernel.MapInfo typed = types == null ? withoutBtf(info) : info;
      return new MapHandle<>(kernel, shape.name(), created, true, typed, types, keyType, valueType);
    } catch (SyscallException e) {
      created.close();
      throw Errors.of(e, "reading the new inner map of " + name);
    } catch (RuntimeException e) {
      created.close();
      throw e;
    }
  }

  private static Kernel.MapInfo withoutBtf(Kernel.MapInfo i) {
    return new Kernel.MapInfo(
        i.type(), i.id(), i.keySize(), i.valueSize(), i.maxEntries(), i.flags(), i.name(), 0, 0, 0);
  }

  private MapSpec innerShape() {
    if (inner != null) {
      return inner;
    }
    try {
      Kernel.MapInfo held = InnerMaps.heldShape(kernel, fd, keys.size(), 1024);
      if (held == null) {
        throw new BpfException(
            0,
            "map of maps "
                + name
                + " holds no map to copy the shape of, and the kernel does not tell which shape it"
                + " takes: open it through its object (BpfObject.mapOfMaps), or put a map of your"
                + " own first");
      }
      return InnerMaps.specOf(name + ".inner", held);
    } catch (SyscallException e) {
      throw Errors.of(e, "reading the maps held by " + type + " " + name);
    }
  }

  /**
   * Stores {@code map} under {@code key}, replacing (atomically for BPF programs) the map held
   * there. The kernel takes only maps of the outer map's inner shape; another shape is a {@link
   * BpfException} naming both shapes.
   */
  public void put(K key, MapHandle<?, ?> map) {
    checkOpen();
    Fd innerFd = map.fdHandle();
    byte[] k = keys.encode(key);
    try {
      int number = innerFd.acquire();
      try {
        kernel.mapUpdate(fd, k, le(number), 0);
      } finally {
        innerFd.release();
      }
    } catch (SyscallException e) {
      throw putFailure(e, key, map);
    }
  }

  private BpfException putFailure(SyscallException e, K key, MapHandle<?, ?> map) {
    String what = "putting map " + map.name() + " under key " + key + " of " + type + " " + name;
    if (e.errno() == Errno.EINVAL) {
      String given;
      try {
        given = InnerMaps.shape(kernel.mapInfo(map.fdHandle()));
      } catch (SyscallException | RuntimeException unreadable) {
        given = "a map whose shape cannot be read (" + unreadable.getMessage() + ")";
      }
      String expected =
          inner != null
              ? InnerMaps.shape(inner)
              : "the shape of the maps it was created to hold (see the maps it holds)";
      return new BpfException(
          e.errno(),
          what
              + " failed (EINVAL): "
              + name
              + " holds maps of "
              + expected
              + ", not "
              + given
              + "; create inner maps with newInner");
    }
    return Errors.of(
        e,
        what,
        type == MapType.ARRAY_OF_MAPS
            ? "the key is past max_entries (" + maxEntries + ")"
            : "the map is full (max_entries " + maxEntries + ")");
  }

  /** Removes the map held under {@code key}; false when there was none. */
  public boolean delete(K key) {
    checkOpen();
    try {
      return kernel.mapDelete(fd, keys.encode(key));
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "deleting key " + key + " of " + type + " " + name,
          "the key is past max_entries (" + maxEntries + ")");
    }
  }

  /** The kernel id of the map held under {@code key}, or empty when none is. */
  public OptionalInt innerId(K key) {
    checkOpen();
    try {
      byte[] v = kernel.mapLookup(fd, keys.encode(key), 4);
      return v == null ? OptionalInt.empty() : OptionalInt.of(u32(v));
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "reading key " + key + " of " + type + " " + name,
          "the key is past max_entries (" + maxEntries + ")");
    }
  }

  /**
   * The map held under {@code key}, opened by its id, with keys and values decoded as the given
   * classes; empty when none is held (or the one held was replaced and freed meanwhile). The caller
   * owns the returned handle: closing it closes this process's fd, not the held map.
   */
  public <K2, V2> Optional<MapHandle<K2, V2>> get(K key, Class<K2> keyType, Class<V2> valueType) {
    OptionalInt id = innerId(key);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Fd held;
    try {
      held = kernel.mapById(id.getAsInt());
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return Optional.empty();
      }
      throw Errors.of(e, "opening map id " + id.getAsInt() + " held by " + type + " " + name);
    }
    try {
      Kernel.MapInfo info = kernel.mapInfo(held);
      Btf types = info.btfId() == 0 ? null : MapHandle.kernelBtf(kernel, info.btfId());
      return Optional.of(
          new MapHandle<>(
              kernel,
              name + "[" + key + "]",
              held,
              true,
              types == null ? withoutBtf(info) : info,
              types,
              keyType,
              valueType));
    } catch (SyscallException e) {
      held.close();
      throw Errors.of(e, "reading map id " + id.getAsInt() + " held by " + type + " " + name);
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /**
   * The keys that hold a map now, in the kernel's order. An array of maps has every index as a key;
   * only those holding a map are listed.
   */
  public List<K> keys() {
    checkOpen();
    List<K> out = new ArrayList<>();
    byte[] key = null;
    try {
      while ((key = kernel.mapNextKey(fd, key, keys.size())) != null) {
        if (type == MapType.HASH_OF_MAPS || kernel.mapLookup(fd, key, 4) != null) {
          out.add(keys.decode(key, 0));
        }
      }
    } catch (SyscallException e) {
      throw Errors.of(e, "listing the keys of " + type + " " + name);
    }
    return out;
  }

  /** Pins the map of maps at {@code path} on a bpffs. */
  public void pin(Path path) {
    new Pins(kernel).pin(fd, path, "map of maps " + name);
  }

  /**
   * A closed handle (or a handle of a closed object) fails before any system call; one closed
   * during a call is caught by the fd's use count instead (the call finishes or fails clearly).
   */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the handle of map of maps " + name + " is closed");
    }
    fd.get(); // ClosedFdException when the object that owns the map was closed
  }

  private static byte[] le(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  private static int u32(byte[] b) {
    return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
  }

  /**
   * Closes the handle: one from {@link BpfObject#mapOfMaps} leaves the map open with its object,
   * one from {@link #openPinned} closes its fd. Maps held in it stay held.
   */
  @Override
  public void close() {
    closed = true;
    if (ownsFd) {
      fd.close();
    }
  }
}
